import express from 'express'
import { prisma } from './db.js'

export const app = express()
app.use(express.json())

app.get('/api/tags', async (req, res) => {
  const tags = await prisma.tag.findMany()
  res.json({ tags: tags.map((t) => t.name) })
})

app.listen(process.env.PORT ?? 3000, () => console.log(`Conduit listening on http://localhost:${process.env.PORT ?? 3000}`))
