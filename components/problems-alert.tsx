/** A refusal of a whole file: what happened, and each problem found. */
export function ProblemsAlert({ message, problems }: { message: string; problems?: string[] }) {
  return (
    <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-5 text-red-900">
      <p className="font-medium">{message}</p>
      {problems?.length ? (
        <ul className="list-disc pl-5 text-sm">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
