import { ReadingWidth } from '@/components/page-width';

export default function Layout({ children }: { children: React.ReactNode }) {
  return <ReadingWidth>{children}</ReadingWidth>;
}
