package org.matricula.api;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * A plugin that keeps personal data in its own tables (names copied from declarations, say)
 * takes part in the applicant's rights: the platform asks it for that data when the applicant
 * downloads everything stored about them, and has it erased when their account is erased.
 *
 * @since 1.1.0
 */
public interface PersonalDataHolder extends ExtensionPoint {

    /**
     * What the plugin keeps about the person, added under the plugin's id to their download:
     * strings, numbers, booleans, lists and maps of them; empty when it keeps nothing.
     *
     * @since 1.1.0
     */
    Map<String, Object> export(DataSubject subject) throws Exception;

    /**
     * Deletes, or makes anonymous, what the plugin keeps about the person. Runs within the
     * account's erasure: if it throws, nothing of the account is erased and the erasure can be
     * tried again, so it must be safe to run twice.
     *
     * @since 1.1.0
     */
    void erase(DataSubject subject) throws Exception;
}
