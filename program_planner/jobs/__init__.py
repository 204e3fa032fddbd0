"""Work outside the request: the task queue (Huey), job rows with progress, periodic upkeep."""
