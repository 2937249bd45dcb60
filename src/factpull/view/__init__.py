"""Human views of a Document: the terminal view and the HTML report."""
