/** The emoji that mark a line as guidance for the learner rather than code. */
export const GUIDANCE_EMOJI = ['🐨', '💰', '🦉', '💣', '👨‍💼', '🚨'] as const

const COMMENT = /^\s*(\/\/|\/\*|\*|#|<!--|\{\/\*)/

function isGuidanceComment(line: string): boolean {
  return COMMENT.test(line) && GUIDANCE_EMOJI.some((emoji) => line.includes(emoji))
}

/**
 * The text of a file without its guidance: a comment line with a guidance emoji
 * and the comment lines that continue it go, and blank lines are ignored, so a
 * problem compares equal to the solution it started from.
 */
export function withoutGuidance(text: string): string {
  const kept: string[] = []
  let inGuidance = false
  for (const line of text.split(/\r?\n/)) {
    if (isGuidanceComment(line)) {
      inGuidance = true
      continue
    }
    if (inGuidance && COMMENT.test(line)) continue
    inGuidance = false
    if (line.trim() === '') continue
    kept.push(line.trimEnd())
  }
  return kept.join('\n')
}
