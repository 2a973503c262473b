package org.matricula.api.form;

/** The official check-number rules of SNILS and INN. */
final class Checksums {

    private static final int[] INN10 = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] INN12_FIRST = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] INN12_SECOND = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

    private Checksums() {
    }

    static boolean isValidSnils(String value) {
        String digits = value.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{11}")) {
            return false;
        }
        long number = Long.parseLong(digits.substring(0, 9));
        int control = Integer.parseInt(digits.substring(9));
        if (number <= 1_001_998) {
            return true; // numbers up to 001-001-998 were issued before check numbers existed
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (9 - i);
        }
        int expected = sum < 100 ? sum : sum == 100 || sum == 101 ? 0 : sum % 101 == 100 ? 0 : sum % 101;
        return control == expected;
    }

    static boolean isValidInn(String value) {
        String digits = value.trim();
        if (digits.matches("\\d{10}")) {
            return checkDigit(digits, INN10) == digits.charAt(9) - '0';
        }
        if (digits.matches("\\d{12}")) {
            return checkDigit(digits, INN12_FIRST) == digits.charAt(10) - '0'
                    && checkDigit(digits, INN12_SECOND) == digits.charAt(11) - '0';
        }
        return false;
    }

    private static int checkDigit(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum % 11 % 10;
    }
}
