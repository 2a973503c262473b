package org.matricula.plugins.mobility;

import java.util.Optional;
import org.matricula.api.LocalizedText;
import org.matricula.api.Submission;
import org.matricula.api.SubmissionFilter;
import org.pf4j.Extension;

/** "Career adaptability" builds on the first year's practice: first-year students wait a year. */
@Extension
public final class CareerAdaptabilityEligibility implements SubmissionFilter {

    static final String CAREER_ADAPTABILITY = "career-adaptability";

    @Override
    public boolean appliesTo(String familyId) {
        return MobilityFamily.ID.equals(familyId);
    }

    @Override
    public Optional<LocalizedText> refuse(Submission submission) {
        if (CAREER_ADAPTABILITY.equals(submission.programCode()) && "1".equals(submission.value("yearOfStudy"))) {
            return Optional.of(LocalizedText.of(
                    "Курс «Карьерная адаптивность» открыт студентам со второго курса",
                    "\"Career adaptability\" is open to students from the second year on"));
        }
        return Optional.empty();
    }
}
