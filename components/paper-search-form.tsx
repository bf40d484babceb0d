/** A GET form, so a search is a link an editor can share or bookmark. Also on the editor's home page. */
export function PaperSearchForm({ term = '' }: { term?: string }) {
  return (
    <form method="get" action="/editor/search" role="search" className="flex flex-wrap items-end gap-3">
      <div className="min-w-60 flex-1">
        <label htmlFor="paper-search" className="block text-sm font-medium">
          Find a paper by title, author or email
        </label>
        <input
          id="paper-search"
          name="q"
          type="search"
          defaultValue={term}
          maxLength={200}
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
        />
      </div>
      <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
        Search
      </button>
    </form>
  );
}
