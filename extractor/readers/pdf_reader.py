def pdf_to_blocks(path): raise NotImplementedError
