"""One module per page (or pair of closely related pages), each with its own substate."""
