package org.matricula.platform.crm.billing;

/** The money services of the CRM, built once by {@link BillingModule}. */
public record Billing(Prices prices, Invoices invoices, Payments payments, boolean vatByDefault) {
}
