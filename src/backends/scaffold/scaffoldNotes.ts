// What a scaffold could not take over, or took over with a guess, pointing at the text.

/** One note, printed as `file:line: note: message`. */
export interface ScaffoldNote {
  /** Path relative to the repository root, "/"-separated. */
  file: string;
  /** 1-based line. */
  line: number;
  message: string;
}

export function formatNote(note: ScaffoldNote): string {
  return `${note.file}:${note.line}: note: ${note.message}`;
}
