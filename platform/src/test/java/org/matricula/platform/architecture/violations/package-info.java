/**
 * Classes that break each structure rule on purpose, laid out like the platform (a kernel
 * package, two features, an API): {@code ArchitectureTest} shows every rule fails on them.
 * Nothing uses them.
 */
package org.matricula.platform.architecture.violations;
