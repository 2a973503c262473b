package org.matricula.platform.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** A made-up applicant: a Russian name in its male or female form, age, contacts. */
record DemoPerson(boolean female, String lastName, String firstName, String middleName, LocalDate birthDate,
        String email, String phone) {

    private static final List<String> MEN = List.of("Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей",
            "Артём", "Илья", "Кирилл", "Михаил", "Никита", "Иван", "Егор", "Роман", "Павел", "Тимур");
    private static final List<String> WOMEN = List.of("Анна", "Мария", "Елена", "Дарья", "Алина", "Ирина",
            "Екатерина", "Ольга", "Наталья", "Татьяна", "Юлия", "Ксения", "Полина", "Виктория", "София", "Вера");
    // Surnames in the male form; all of them take -а in the female form.
    private static final List<String> SURNAMES = List.of("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев",
            "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
            "Никитин", "Захаров", "Зайцев", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев");
    // Patronymic stems: + "ич" for men, + "на" for women.
    private static final List<String> PATRONYMICS = List.of("Александрович", "Дмитриевич", "Сергеевич", "Андреевич",
            "Алексеевич", "Михайлович", "Иванович", "Владимирович", "Николаевич", "Петрович", "Олегович",
            "Викторович", "Юрьевич", "Евгеньевич");

    /** Someone between {@code minAge} and {@code maxAge} years old; the number keeps the address unique. */
    static DemoPerson random(Random random, int number, int minAge, int maxAge, LocalDate today) {
        boolean female = random.nextBoolean();
        String surname = pick(random, SURNAMES);
        String patronymic = pick(random, PATRONYMICS);
        String first = female ? pick(random, WOMEN) : pick(random, MEN);
        String last = female ? surname + "а" : surname;
        String middle = female ? patronymic.substring(0, patronymic.length() - 2) + "на" : patronymic;
        int ageDays = minAge * 365 + random.nextInt((maxAge - minAge) * 365);
        String login = Transliteration.latin(first).charAt(0) + "." + Transliteration.latin(last);
        String email = login.toLowerCase(Locale.ROOT) + "." + number + "@example.org";
        String phone = String.format("+7 9%02d %03d-%02d-%02d", random.nextInt(100), random.nextInt(1000),
                random.nextInt(100), random.nextInt(100));
        return new DemoPerson(female, last, first, middle, today.minusDays(ageDays), email, phone);
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
