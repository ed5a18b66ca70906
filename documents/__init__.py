"""Documents of a commendation campaign as .docx (Nghị định 30/2020/NĐ-CP layout), .xlsx and PDF.

Pure generators: each takes the service's plain models (schemas/) and the few facts they lack
(documents.inputs) and returns the file's bytes. No database, no workflow: documents.assemble alone reads
the service's data to feed them, and stores and records what they make.
"""
