// Tests for this format family are being written.
