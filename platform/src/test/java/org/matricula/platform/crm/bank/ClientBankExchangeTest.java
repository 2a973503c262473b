package org.matricula.platform.crm.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientBankExchangeTest {

    static final String STATEMENT = """
            1CClientBankExchange
            ВерсияФормата=1.03
            Кодировка=Windows
            Отправитель=Бухгалтерия предприятия
            СекцияРасчСчет
            РасчСчет=40703810900000000001
            КонецРасчСчет
            СекцияДокумент=Платежное поручение
            Номер=17
            Дата=01.12.2026
            Сумма=15000.50
            ПлательщикСчет=40817810000000000042
            Плательщик=ИНН 771234567890 Петрова Анна Сергеевна
            Плательщик1=Петрова Анна Сергеевна
            ПлательщикИНН=771234567890
            ПолучательСчет=40703810900000000001
            НазначениеПлатежа=Оплата по счёту 2026-00012 за обучение, НДС не облагается
            КонецДокумента
            СекцияДокумент=Платежное поручение
            Номер=18
            Дата=31.13.2026
            Сумма=abc
            КонецДокумента
            КонецФайла
            """;

    @Test
    void readsTheDocumentsOfAWindows1251Statement() {
        byte[] file = STATEMENT.replace("\n", "\r\n").getBytes(Charset.forName("windows-1251"));
        assertTrue(ClientBankExchange.recognizes(file));
        List<ClientBankExchange.Document> documents = ClientBankExchange.documents(file);
        assertEquals(2, documents.size());
        ClientBankExchange.Document first = documents.get(0);
        assertEquals(new BigDecimal("15000.50"), first.amount());
        assertEquals(LocalDate.of(2026, 12, 1), first.date());
        assertEquals("Петрова Анна Сергеевна", first.payer());
        assertEquals("771234567890", first.get(ClientBankExchange.PAYER_INN));
        assertTrue(first.get(ClientBankExchange.PURPOSE).contains("2026-00012"));
        assertTrue(first.readable());
        assertFalse(documents.get(1).readable(), "a bad date or amount is reported, not guessed");
    }

    @Test
    void honoursTheDosEncodingAndRefusesOtherFiles() {
        byte[] dos = STATEMENT.replace("Кодировка=Windows", "Кодировка=DOS").getBytes(Charset.forName("IBM866"));
        assertEquals("Петрова Анна Сергеевна", ClientBankExchange.documents(dos).get(0).payer());
        assertFalse(ClientBankExchange.recognizes("name;amount\n".getBytes()));
    }

    @Test
    void takesOnlyPlainDecimalAmountsAndSaysWhyADocumentCannotBeKept() {
        Map<String, String> amounts = new LinkedHashMap<>();
        amounts.put("1500", null);
        amounts.put("1500,5", null);
        amounts.put("1500.50", null);
        amounts.put("1e9", "bank.unreadable.amount");
        amounts.put("1E+3", "bank.unreadable.amount");
        amounts.put("1.2.3", "bank.unreadable.amount");
        amounts.put("100.001", "bank.unreadable.amount");
        amounts.put("-5.00", "bank.unreadable.amount");
        amounts.put("", "bank.unreadable.noAmount");
        amounts.put("0.00", "bank.unreadable.amountNotPositive");
        amounts.put("99999999999999.00", "bank.unreadable.amountTooLarge");
        amounts.forEach((amount, problem) -> assertEquals(problem,
                new ClientBankExchange.Document(1, Map.of(ClientBankExchange.AMOUNT, amount,
                        ClientBankExchange.DATE, "01.12.2026")).problem(), amount));
        assertEquals("bank.unreadable.date", new ClientBankExchange.Document(1, Map.of(ClientBankExchange.AMOUNT, "1",
                ClientBankExchange.DATE, "31.02.2026")).problem());
        assertEquals("bank.unreadable.dateOutOfRange", new ClientBankExchange.Document(1,
                Map.of(ClientBankExchange.AMOUNT, "1", ClientBankExchange.DATE, "01.01.0001")).problem());
        assertEquals("bank.unreadable.noDate", new ClientBankExchange.Document(1,
                Map.of(ClientBankExchange.AMOUNT, "1")).problem());
    }
}
