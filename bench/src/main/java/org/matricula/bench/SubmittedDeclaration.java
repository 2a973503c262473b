package org.matricula.bench;

import org.matricula.platform.testing.TestSessions.Session;

/** The first declaration the submit phase made, and the applicant who may read it: what the PDF phase asks for. */
record SubmittedDeclaration(String id, Session applicant) {
}
