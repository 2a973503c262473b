package org.matricula.distribution.badinput;

import java.util.List;
import java.util.UUID;

/**
 * The real things the campaign's probes point at: sessions of an administrator and of an applicant
 * (with a declaration and a document), another applicant's declaration and document, catalog ids.
 *
 * @param applicantAccount the signed-in applicant's account
 * @param programCode the code of the program of the applicant's declaration, in the project {@code projectSlug}
 * @param formFields the names of the fields of the family's declaration form
 */
record Fixtures(String adminCookie, String adminCsrf, String applicantCookie, String applicantCsrf,
        UUID ownDeclaration, UUID ownDocument, UUID otherDeclaration, UUID otherDocument, long projectId,
        long programId, String projectSlug, String familyId, String pluginId, String adminToken,
        UUID applicantAccount, String programCode, List<String> formFields) {
}
