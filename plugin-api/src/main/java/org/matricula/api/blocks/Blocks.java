package org.matricula.api.blocks;

import java.util.Arrays;
import java.util.List;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Field;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.matricula.api.form.Validators;

/**
 * The shared sections of declaration forms, written once here and composed by every plugin.
 * Field names are fixed (they are the applicant profile's keys), so data typed once prefills
 * every later declaration of any family.
 *
 * @since 1.0.0
 */
public final class Blocks {

    private Blocks() {
    }

    /** Who is applying; no arguments offers every category. @since 1.0.0 */
    public static Section applicantCategory(ApplicantCategory... allowed) {
        List<ApplicantCategory> offered = allowed.length == 0 ? List.of(ApplicantCategory.values())
                : Arrays.asList(allowed);
        List<Option> options = offered.stream()
                .map(c -> new Option(c.code(), c.label())).toList();
        return Section.of("category", text("Категория слушателя", "Applicant category"), RecordPart.DEAN_OFFICE,
                Field.select(ApplicantCategory.FIELD, options).label("Я поступаю как", "I am applying as")
                        .required().fromProfile());
    }

    /** Names, birth date and sex. @since 1.0.0 */
    public static Section personalData() {
        return Section.of("personal", text("Личные данные", "Personal data"), RecordPart.PERSONAL,
                name("lastName", "Фамилия", "Last name").required(),
                name("firstName", "Имя", "First name").required(),
                name("middleName", "Отчество", "Middle name").help("Если есть", "If any"),
                Field.date("birthDate").label("Дата рождения", "Date of birth")
                        .validator(Validators.birthDate(14, 100)).required().fromProfile(),
                Field.select("sex", Option.of("male", "Мужской", "Male"), Option.of("female", "Женский", "Female"))
                        .label("Пол", "Sex").required().fromProfile());
    }

    /** Email and a Russian phone number. @since 1.0.0 */
    public static Section contacts() {
        return Section.of("contacts", text("Контакты", "Contacts"), RecordPart.PERSONAL,
                Field.email("email").label("Электронная почта", "Email").maxLength(254).required().fromProfile(),
                Field.phone("phone").label("Телефон", "Phone").help("+7 XXX XXX-XX-XX", "+7 XXX XXX-XX-XX")
                        .required().fromProfile());
    }

    /** The highest education completed. @since 1.0.0 */
    public static Section education() {
        return Section.of("education", text("Образование", "Education"), RecordPart.DEAN_OFFICE,
                Field.select("educationLevel",
                                Option.of("secondary_vocational", "Среднее профессиональное", "Vocational"),
                                Option.of("bachelor", "Бакалавриат", "Bachelor's degree"),
                                Option.of("specialist", "Специалитет", "Specialist degree"),
                                Option.of("master", "Магистратура", "Master's degree"),
                                Option.of("postgraduate", "Аспирантура", "Postgraduate"))
                        .label("Уровень образования", "Level of education").required().fromProfile(),
                plain("institution", "Учебное заведение", "Institution", 200).required(),
                plain("specialty", "Специальность", "Specialty", 200).required(),
                Field.number("graduationYear").label("Год окончания", "Year of graduation")
                        .validator(Validators.yearBetween(1950, 6)).required().fromProfile(),
                plain("diplomaSeries", "Серия диплома", "Diploma series", 20),
                plain("diplomaNumber", "Номер диплома", "Diploma number", 30));
    }

    /** Where the applicant works. @since 1.0.0 */
    public static Section employment() {
        return Section.of("employment", text("Место работы", "Employment"), RecordPart.DEAN_OFFICE,
                plain("organization", "Организация", "Organization", 200).required(),
                plain("position", "Должность", "Position", 200).required());
    }

    /** A Russian passport. @since 1.0.0 */
    public static Section identityDocument() {
        return Section.of("passport", text("Паспорт", "Passport"), RecordPart.PERSONAL,
                Field.text("passportSeries").label("Серия", "Series").validator(Validators.passportSeries())
                        .required().fromProfile(),
                Field.text("passportNumber").label("Номер", "Number").validator(Validators.passportNumber())
                        .required().fromProfile(),
                plain("passportIssuedBy", "Кем выдан", "Issued by", 300).required(),
                Field.date("passportIssuedOn").label("Дата выдачи", "Date of issue")
                        .validator(Validators.notInFuture()).required().fromProfile());
    }

    /** SNILS, optional unless the plugin calls {@code .required()}. @since 1.0.0 */
    public static Section snils() {
        return Section.of("snils", text("СНИЛС", "SNILS (insurance number)"), RecordPart.PERSONAL,
                Field.text("snils").label("СНИЛС", "SNILS").help("XXX-XXX-XXX YY", "XXX-XXX-XXX YY")
                        .validator(Validators.snils()).fromProfile());
    }

    /** Taxpayer number, optional by default. @since 1.0.0 */
    public static Section inn() {
        return Section.of("inn", text("ИНН", "INN (taxpayer number)"), RecordPart.PERSONAL,
                Field.text("inn").label("ИНН", "INN").validator(Validators.inn()).fromProfile());
    }

    /** Studies at a university. @since 1.0.0 */
    public static Section studentOfUniversity() {
        return Section.of("student", text("Сведения об обучении", "Current studies"), RecordPart.DEAN_OFFICE,
                plain("university", "Вуз", "University", 200).required(),
                plain("institute", "Институт", "Institute", 200).required(),
                plain("studyGroup", "Академическая группа", "Study group", 40).required(),
                Field.text("studentId").label("Номер студенческого билета", "Student ID")
                        .pattern("[0-9A-Za-zА-Яа-я-]{4,20}", text("4–20 букв или цифр", "4-20 letters or digits"))
                        .required().fromProfile(),
                Field.integer("yearOfStudy", text("Курс", "Year of study")).min(1).max(6).required().fromProfile());
    }

    /** Consent to personal data processing, which Russian law (152-FZ) requires. @since 1.0.0 */
    public static Section consent() {
        return Section.of("consent", text("Согласие", "Consent"), RecordPart.PERSONAL,
                Field.checkbox("personalDataConsent").label("Согласен на обработку персональных данных (152-ФЗ)",
                        "I consent to the processing of my personal data").required());
    }

    private static Field name(String field, String ru, String en) {
        return Field.text(field).label(ru, en).validator(Validators.personName()).fromProfile();
    }

    private static Field plain(String field, String ru, String en, int maxLength) {
        return Field.text(field).label(ru, en).maxLength(maxLength).fromProfile();
    }

    private static LocalizedText text(String ru, String en) {
        return LocalizedText.of(ru, en);
    }
}
