import { WideWidth } from '@/components/page-width';

export default function Layout({ children }: { children: React.ReactNode }) {
  return <WideWidth>{children}</WideWidth>;
}
