package org.matricula.platform.errors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything a call or a run throws is contained, but the JVM failing. */
class FailuresTest {

    @Test
    void pluginsErrorsAndExceptionsAreContained() {
        for (Throwable contained : List.of(new IllegalStateException("x"), new Exception("x"), new AssertionError("x"),
                new NoClassDefFoundError("x"), new ExceptionInInitializerError(new RuntimeException("x")),
                new LinkageError("x"), new StackOverflowError())) {
            assertFalse(Failures.isJvmFailure(contained), contained.toString());
            assertDoesNotThrow(() -> Failures.rethrowJvmFailure(contained), contained.toString());
        }
    }

    @Test
    void theJvmFailingIsRethrown() {
        for (VirtualMachineError jvm : List.of(new OutOfMemoryError("x"), new InternalError("x"), new UnknownError("x"))) {
            assertTrue(Failures.isJvmFailure(jvm), jvm.toString());
            assertSame(jvm, assertThrows(VirtualMachineError.class, () -> Failures.rethrowJvmFailure(jvm)));
        }
    }

    @Test
    void anErrorWithoutAMessageIsNamedByItsClassAndAWrapperByItsCause() {
        assertEquals("StackOverflowError", Failures.rootMessage(new StackOverflowError()));
        assertEquals("IllegalStateException: crm.properties missing", Failures.rootMessage(
                new ExceptionInInitializerError(new IllegalStateException("crm.properties missing\n\tat somewhere"))));
    }
}
