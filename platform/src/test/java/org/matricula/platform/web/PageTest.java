package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void languageLinksKeepThePathAndQueryButNotTheLanguageNorATokenOfTheForm() {
        List<Page.LanguageLink> links = Page.languageLinks(Locale.ENGLISH, "/apply/dc",
                "program=python&lang=ru&_csrf=secret&lastName=%D0%98");
        for (Page.LanguageLink link : links) {
            assertEquals("/apply/dc?program=python&lastName=%D0%98&lang=" + link.code(), link.href());
            assertEquals(link.code().equals("en"), link.current(), link.code());
        }
        assertEquals("/catalog?lang=ru", Page.languageLinks(Locale.ENGLISH, "/catalog", null).get(0).href());
    }

    @Test
    void languageLinksLeaveOutAMailedLinksOneTimeToken() {
        for (Page.LanguageLink link : Page.languageLinks(Locale.ENGLISH, "/verify", "token=abc&lang=en&x=1")) {
            assertEquals("/verify?x=1&lang=" + link.code(), link.href());
        }
    }
}
