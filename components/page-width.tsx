/**
 * Author pages keep a comfortable reading width; editor and admin pages use the screen, so a
 * volume's table shows its status columns on a laptop without scrolling sideways.
 */
export function ReadingWidth({ children }: { children: React.ReactNode }) {
  return <div className="mx-auto w-full max-w-4xl">{children}</div>;
}

export function WideWidth({ children }: { children: React.ReactNode }) {
  return <div className="mx-auto w-full max-w-[96rem]">{children}</div>;
}
