package org.matricula.platform.registration;

import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.families.Families;
import org.matricula.platform.i18n.Messages;

/** Renders a stored declaration with its family's printable template. */
public final class DeclarationPdfs {

    private final Families families;
    private final DeclarationDocument document;

    public DeclarationPdfs(Families families, DeclarationDocument document) {
        this.families = families;
        this.document = document;
    }

    public byte[] render(Declaration declaration) {
        return document.pdf(families.find(declaration.familyId()).orElseThrow(() -> new NotFoundException(
                "The course family " + declaration.familyId() + " is not live, so its declaration cannot be printed")),
                new DeclarationDocument.Data(declaration.number(), declaration.projectName(declaration.locale()),
                        declaration.programName(declaration.locale()), declaration.submittedAt(), declaration.values(),
                        declaration.locale() == null ? Messages.RUSSIAN : declaration.locale()));
    }
}
