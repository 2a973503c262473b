/**
 * The platform's own refusals and the problem body that reports them. Part of the kernel: no
 * HTTP types here, so services throw these and {@code http.ErrorMappers} maps them to responses.
 */
package org.matricula.platform.errors;
