import { PrismaLibSQL } from '@prisma/adapter-libsql'
import { PrismaClient } from './generated/prisma/client.js'

export const prisma = new PrismaClient({
  adapter: new PrismaLibSQL({ url: process.env.DATABASE_URL ?? 'file:./dev.db' }),
})
