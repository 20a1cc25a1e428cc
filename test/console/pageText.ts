/** Reading console pages in tests as a user reads them: table cells as text. */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Text content of an HTML fragment: tags removed, entities decoded, whitespace collapsed. */
export function textOf(fragment: string): string {
  return fragment
    .replace(/<\/?(br|div|pre|p|tr|li)\b[^>]*>/g, ' ') // block boundaries separate words
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every table row of the page (header rows included) as the text of its cells. */
export function tableRows(page: string): string[][] {
  const rows: string[][] = [];
  for (const row of page.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)) {
    rows.push([...row[1].matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => textOf(cell[1])));
  }
  return rows;
}

/** The first row whose leading cells are exactly `first`. */
export function rowStartingWith(page: string, ...first: string[]): string[] | undefined {
  return tableRows(page).find((cells) => first.every((text, i) => cells[i] === text));
}

export async function get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), headers: res.headers };
}
