// Same download as the author's: getSignatureDocument lets editors read any paper's PDF.
export { GET } from '@/app/papers/[paperId]/signed-agreement.pdf/route';

export const dynamic = 'force-dynamic';
