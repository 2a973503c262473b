package org.matricula.platform.crm.leads;

import java.util.Map;

/**
 * A lead as a website sends it. Either an email or a phone is needed; the consent to the
 * processing of personal data must be given.
 *
 * @param program the code of a program the person is interested in, or empty
 * @param interest what the person is interested in, in their words, when no program fits
 * @param utm the page's UTM parameters ({@code utm_source}, {@code utm_medium}, {@code utm_campaign},
 *     {@code utm_term}, {@code utm_content})
 */
public record Lead(String lastName, String firstName, String middleName, String email, String phone, String program,
        String interest, Boolean consentProcessing, Boolean consentMarketing, String channel, String campaign,
        Map<String, String> utm, String referrer) {
}
