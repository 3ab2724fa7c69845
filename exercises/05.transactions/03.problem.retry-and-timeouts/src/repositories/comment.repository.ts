// An article's comments.

export interface Comment {
  id: number
  body: string
  articleId: number
  authorId: number
  createdAt: Date
  updatedAt: Date
}

export interface NewComment {
  body: string
  articleId: number
  authorId: number
}

export interface CommentRepository {
  /** Newest first. */
  listByArticle(articleId: number): Promise<Comment[]>
  create(comment: NewComment): Promise<Comment>
  findById(id: number): Promise<Comment | null>
  /** NotFoundError "comment not found" when it is already gone. */
  delete(id: number): Promise<void>
}
