import { PrismaLibSQL } from '@prisma/adapter-libsql'
import { PrismaClient } from './generated/prisma/client.js'

// 🐨 replace this client, created the moment any file imports db.ts, with a factory:
// `export function createPrismaClient(databaseUrl: string): PrismaClient`.
// The caller chooses the database; this file no longer reads process.env.
// 🦉 A factory is what lets a test give every app its own database, and what lets
// the server decide when a connection exists at all.
export const prisma = new PrismaClient({
  adapter: new PrismaLibSQL({ url: process.env.DATABASE_URL ?? 'file:./dev.db' }),
})
