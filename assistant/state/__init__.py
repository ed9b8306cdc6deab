"""What Berth stores: conversations and feedback."""
