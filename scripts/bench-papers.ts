// Accepted papers for the benchmarks: varied titles and author names, the same for every run,
// so that a search is as selective as it is on real proceedings.
import type { PaperRow } from '@/lib/papers/parse-papers-csv';

const FIRST = ['Amara', 'Bo', 'Carmen', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mei', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zofia', 'Aiko', 'Bruno', 'Chloe', 'Diego', 'Emeka', 'Freya', 'Gustavo', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Mateo', 'Noor'];
const LAST = ['Okafor', 'Zhang', 'Garcia', 'Ivanov', 'Rossi', 'Haddad', 'Hopper', 'Tanaka', 'Silva', 'Berg', 'Reddy', 'Murphy', 'Chen', 'Kowalski', 'Farouk', 'Patel', 'Dubois', 'Moreno', 'Lindqvist', 'Aziz', 'Nair', 'Petrov', 'Liu', 'Herrera', 'Demir', 'Nowak', 'Sato', 'Costa', 'Martin', 'Lopez', 'Eze', 'Larsen', 'Pereira', 'Kim', 'Popov', 'Schmidt', 'Mensah', 'Fischer', 'Alvarez', 'Rahman', 'Novak', 'Yamamoto', 'Santos', 'Jensen', 'Ali', 'Weber', 'Adeyemi', 'Olsen', 'Torres', 'Khan', 'Wagner', 'Mwangi', 'Hansen', 'Ortiz', 'Ahmed', 'Becker', 'Owusu', 'Nielsen', 'Ramos', 'Hussain', 'Koch', 'Banda', 'Karlsson', 'Cruz', 'Iqbal', 'Richter', 'Phiri', 'Andersen', 'Flores', 'Malik', 'Klein', 'Moyo', 'Eriksson', 'Rivera', 'Shah', 'Wolf', 'Tembo', 'Johansson', 'Gomez', 'Chowdhury', 'Schulz', 'Njoroge', 'Persson', 'Diaz', 'Siddiqui', 'Hoffmann', 'Achebe', 'Holm', 'Vargas', 'Qureshi', 'Braun', 'Kamau', 'Nilsson', 'Castillo', 'Mirza', 'Zimmermann', 'Boateng', 'Lund', 'Romero', 'Sheikh'];
const ADJECTIVES = ['Robust', 'Sparse', 'Scalable', 'Private', 'Adaptive', 'Bayesian', 'Stochastic', 'Efficient', 'Causal', 'Federated', 'Provable', 'Online', 'Distributed', 'Nonparametric', 'Contrastive', 'Fair', 'Kernel', 'Variational', 'Optimal', 'Implicit'];
const SUBJECTS = ['Gradient Methods', 'Bandits', 'Inference', 'Representation Learning', 'Graph Neural Networks', 'Gaussian Processes', 'Policy Optimization', 'Matrix Completion', 'Clustering', 'Transformers', 'Active Learning', 'Optimal Transport', 'Diffusion Models', 'Conformal Prediction', 'Meta-Learning', 'Tensor Decomposition', 'Importance Sampling', 'Model Selection', 'Density Estimation', 'Bilevel Optimization'];
const SETTINGS = ['Heavy-Tailed Data', 'Time Series', 'Missing Values', 'Streaming Data', 'High Dimensions', 'Label Noise', 'Distribution Shift', 'Small Samples', 'Networks', 'Decentralized Agents'];

/** A deterministic pseudo-random number for (volume, paper, slot). */
function pick<T>(list: readonly T[], ...seed: number[]): T {
  let h = 2166136261;
  for (const value of seed) h = Math.imul(h ^ value, 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  return list[h % list.length]!;
}

/** `papers` accepted papers of a volume, three authors each, the first corresponding. */
export function benchPaperRows(volume: number, papers: number): PaperRow[] {
  return Array.from({ length: papers }, (_, index) => {
    const n = index + 1;
    const authors = [0, 1, 2].map((slot) => `${pick(FIRST, volume, n, slot, 1)} ${pick(LAST, volume, n, slot, 2)}`);
    return {
      line: n + 1,
      volume,
      paperKey: `paper${String(n).padStart(6, '0')}`,
      title: `${pick(ADJECTIVES, volume, n, 3)} ${pick(SUBJECTS, volume, n, 4)} for ${pick(SETTINGS, volume, n, 5)}`,
      authors,
      correspondingAuthorName: authors[0]!,
      correspondingAuthorEmail: `author${n}@v${volume}.example.org`,
    };
  });
}
