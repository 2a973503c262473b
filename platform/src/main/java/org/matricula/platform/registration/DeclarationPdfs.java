package org.matricula.platform.registration;

import java.util.Optional;
import org.matricula.api.CourseFamily;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.families.Families;
import org.matricula.platform.i18n.Messages;

/**
 * Renders a stored declaration with the printable template of the family version it was submitted
 * under, kept in the database when that version went live; so it prints while its family is
 * disabled, removed or upgraded to a version with another template.
 */
public final class DeclarationPdfs {

    private final Families families;
    private final PrintableTemplates printables;
    private final DeclarationDocument document;

    public DeclarationPdfs(Families families, PrintableTemplates printables, DeclarationDocument document) {
        this.families = families;
        this.printables = printables;
        this.document = document;
    }

    public byte[] render(Declaration declaration) {
        return document.pdf(printable(declaration),
                new DeclarationDocument.Data(declaration.number(), declaration.projectName(declaration.locale()),
                        declaration.programName(declaration.locale()), declaration.submittedAt(), declaration.values(),
                        declaration.locale() == null ? Messages.RUSSIAN : declaration.locale()));
    }

    /**
     * The kept copy of the declaration's family version; for a declaration stored before versions
     * were kept, the live family, else the copy of its last live version.
     */
    private PrintableFamily printable(Declaration declaration) {
        Optional<String> version = printables.versionOf(declaration.id());
        Optional<PrintableFamily> kept = version.flatMap(v -> printables.find(declaration.familyId(), v));
        if (kept.isPresent()) {
            return kept.get();
        }
        Optional<CourseFamily> live = families.find(declaration.familyId());
        if (live.isPresent()) {
            return PrintableFamily.of(live.get(), families.versionOf(live.get()));
        }
        return printables.latest(declaration.familyId()).orElseThrow(() -> new NotFoundException(
                "The course family " + declaration.familyId() + " was never live here, so its declaration cannot be printed"));
    }
}
