"""What ties the procedure and the world: apply(), deadlines, and the views each viewer gets."""
