// The workshop app runs this just before it copies a step into playground/
// ("Set to Playground", the reset icon, the playground's app chooser): the copy
// overwrites the learner's changes, so save the playground first when it holds
// any (see save-playground.mjs). If saving fails, this exits non-zero and the
// app reports an error instead of overwriting.
import path from 'node:path'
import { savePlaygroundBeforeSet } from './save-playground.mjs'

// The app passes the playground it is about to overwrite: <workshop root>/playground.
const destination = process.env.EPICSHOP_PLAYGROUND_DEST_DIR
const root = destination ? path.dirname(destination) : path.resolve(import.meta.dirname, '..')

try {
  const { saved, changed, reason } = await savePlaygroundBeforeSet({ root })
  if (saved) {
    const what = changed ? `${changed.length} file${changed.length === 1 ? '' : 's'} of yours` : 'your work'
    console.log(
      `✔ The previous playground (${what}) was saved in ${path.relative(root, saved)}/ before it was replaced.`,
    )
  } else {
    console.log(`✔ The previous playground was not saved: ${reason}.`)
  }
} catch (error) {
  console.error(
    `✖ Could not save the playground before replacing it, so it was left as it is: ${error instanceof Error ? error.message : error}`,
  )
  process.exit(1)
}
