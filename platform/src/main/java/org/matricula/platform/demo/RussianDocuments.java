package org.matricula.platform.demo;

import java.time.LocalDate;
import java.util.Random;

/** Made-up Russian document numbers that pass the official check-number rules (SNILS, INN). */
final class RussianDocuments {

    private static final int[] INN12_FIRST = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] INN12_SECOND = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final String[] REGIONS = {"65", "45", "50", "52", "16", "66", "77", "54"};

    private RussianDocuments() {
    }

    /** As XXX-XXX-XXX YY; above 001-001-998, where check numbers began. */
    static String snils(Random random) {
        String digits = String.format("%09d", 1_002_000 + random.nextInt(998_000_000));
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (9 - i);
        }
        int control = sum < 100 ? sum : sum == 100 || sum == 101 || sum % 101 == 100 ? 0 : sum % 101;
        return digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6) + " "
                + String.format("%02d", control);
    }

    /** A person's twelve-digit taxpayer number: region, serial, two check digits. */
    static String inn(Random random) {
        StringBuilder digits = new StringBuilder(REGIONS[random.nextInt(REGIONS.length)]);
        while (digits.length() < 10) {
            digits.append(random.nextInt(10));
        }
        digits.append(checkDigit(digits, INN12_FIRST));
        return digits.append(checkDigit(digits, INN12_SECOND)).toString();
    }

    /** Region code and the two last digits of the year of issue, as printed: "65 12". */
    static String passportSeries(Random random, LocalDate issuedOn) {
        return REGIONS[random.nextInt(REGIONS.length)] + " " + String.format("%02d", issuedOn.getYear() % 100);
    }

    static String passportNumber(Random random) {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /** Passports are issued at 14 and replaced at 20 and 45. */
    static LocalDate passportIssuedOn(Random random, LocalDate birthDate, LocalDate today) {
        int age = birthDate.until(today).getYears();
        int issuedAt = age >= 45 ? 45 : age >= 20 ? 20 : 14;
        LocalDate issued = birthDate.plusYears(issuedAt).plusDays(random.nextInt(60));
        return issued.isAfter(today) ? today : issued;
    }

    private static int checkDigit(CharSequence digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum % 11 % 10;
    }
}
