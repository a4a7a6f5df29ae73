"""Link: copies and stories across sources."""
