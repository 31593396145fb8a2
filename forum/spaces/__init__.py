"""Private spaces: threads that only named members may see (mentorships build on them)."""
