// Printed by `npm run demo` just before the server starts.
const url = process.env.AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
console.log(`
┌──────────────────────────────────────────────────────────────────────────────┐
  PMLR publication agreement portal: ${url}

  Sign in at ${url}/sign-in as
    demo author:  a.mohtashami@example.com
    demo editor:  editor@example.org   (editor of volume 151)
    demo admin:   admin@example.org    (volumes, editors, agreement versions)

  No mail server is configured (EMAIL_SERVER), so every email (sign-in links,
  invitations, reminders, receipts) is printed below in this terminal. Open a
  link in the same browser and press Continue; sign-in links work once, 10 min.
└──────────────────────────────────────────────────────────────────────────────┘
`);
