package org.matricula.platform.crm.interest;

/** The rest of the learning record: pre-applications and community activity. */
public record Interest(PreApplications preApplications, Community community) {
}
