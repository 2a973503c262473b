package org.matricula.platform.web;

import java.io.Writer;

/**
 * A page being rendered, kept in a {@link StringBuilder}. Mustache writes a page in hundreds of small
 * pieces; {@link java.io.StringWriter} appends each to a synchronized {@code StringBuffer}, an atomic
 * operation per piece for a buffer only one thread ever sees.
 */
final class PageWriter extends Writer {

    private final StringBuilder page;

    PageWriter(int capacity) {
        page = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
        page.append((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        page.append(chars, offset, length);
    }

    @Override
    public void write(String text) {
        page.append(text);
    }

    @Override
    public void write(String text, int offset, int length) {
        page.append(text, offset, offset + length);
    }

    @Override
    public Writer append(CharSequence text) {
        page.append(text);
        return this;
    }

    @Override
    public Writer append(CharSequence text, int start, int end) {
        page.append(text, start, end);
        return this;
    }

    @Override
    public Writer append(char c) {
        page.append(c);
        return this;
    }

    void clear() {
        page.setLength(0);
    }

    int length() {
        return page.length();
    }

    @Override
    public String toString() {
        return page.toString();
    }

    @Override
    public void flush() {
        // nothing is held back
    }

    @Override
    public void close() {
        // nothing to release
    }
}
