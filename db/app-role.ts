/**
 * The role the migrations create and the portal runs as: SELECT and INSERT on evidence, no DDL,
 * no UPDATE or DELETE of evidence. Every connection of the portal to PostgreSQL sets it at
 * connect time (`SET ROLE`), whatever the login: in production a login role that is a member of
 * it (the start refuses the owner or a superuser); in development and tests it may be the owner,
 * which migrates and then still runs the app with this role's privileges only.
 */
export const APP_ROLE = 'agreement_portal_app';
