// Resource quantities: parsing, canonical printing, rounding, comparison and arithmetic, checked
// against the behaviour of Kubernetes' k8s.io/apimachinery/pkg/api/resource.
#include "api/quantity.h"

#include <QTest>
#include <limits>

using tugboat::api::ErrorCode;
using tugboat::api::Quantity;
using Format = Quantity::Format;

Q_DECLARE_METATYPE(Quantity)
Q_DECLARE_METATYPE(Quantity::Format)

namespace tugboat::api {
// Lets QCOMPARE print quantities it finds unequal.
char *toString(const Quantity &quantity)
{
    return QTest::toString(quantity.toString());
}
} // namespace tugboat::api

namespace {

const QString kFormatWrong =
    QStringLiteral("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
const QString kNumeric = QStringLiteral("unable to parse numeric part of quantity");
const QString kSuffix = QStringLiteral("unable to parse quantity's suffix");

// Parses a quantity the test knows to be valid.
Quantity q(const char *text)
{
    auto r = Quantity::parse(QString::fromUtf8(text));
    if (!r.ok())
        qFatal("test quantity %s does not parse: %s", text, qPrintable(r.error().message()));
    return *r;
}

const char *formatName(Format f)
{
    switch (f) {
    case Format::DecimalSI:
        return "DecimalSI";
    case Format::BinarySI:
        return "BinarySI";
    case Format::DecimalExponent:
        return "DecimalExponent";
    }
    return "?";
}

} // namespace

class QuantityTest : public QObject {
    Q_OBJECT

private slots:
    void parse_printsKubernetesCanonicalForm_data();
    void parse_printsKubernetesCanonicalForm();
    void parse_negativeInputPrintsNegatedCanonicalForm_data();
    void parse_negativeInputPrintsNegatedCanonicalForm();
    void parse_explicitPlusSignIsIgnored();
    void parse_rejectsMalformedInputWithKubernetesMessage_data();
    void parse_rejectsMalformedInputWithKubernetesMessage();
    void parse_rejectsMoreSignificantDigitsThanHeldExactly();
    void toString_canonicalFormParsesBackToTheSameValue_data();
    void toString_canonicalFormParsesBackToTheSameValue();
    void toString_decimalBeyondSuffixTableUsesExponentNotation();
    void defaultQuantityIsZeroDecimalSI();
    void fromIntAndFromMilli_buildExactValues_data();
    void fromIntAndFromMilli_buildExactValues();
    void compare_ordersByValueIgnoringFormat_data();
    void compare_ordersByValueIgnoringFormat();
    void compare_isExactForFarApartScales();
    void signAndIsZero_reflectValue();
    void add_isExactAndKeepsLeftFormat_data();
    void add_isExactAndKeepsLeftFormat();
    void subtract_isExact_data();
    void subtract_isExact();
    void addSubtract_zeroLeftOperandTakesRightFormat();
    void add_beyondThirtySevenDigitsRoundsTheFinerOperand();
    void value_roundsUpAwayFromZero_data();
    void value_roundsUpAwayFromZero();
    void value_saturatesBeyondInt64();
};

// --- Parsing and printing ---------------------------------------------------------------------------------

void QuantityTest::parse_printsKubernetesCanonicalForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<Format>("format");

    const auto row = [](const char *in, const char *out, Format f) {
        QTest::addRow("%s", in) << QString::fromUtf8(in) << QString::fromUtf8(out) << f;
    };
    // The examples Kubernetes documents.
    row("1.5Gi", "1536Mi", Format::BinarySI);
    row("0.1", "100m", Format::DecimalSI);
    row("1000m", "1", Format::DecimalSI);
    row("2e3", "2e3", Format::DecimalExponent);
    row("1.5", "1500m", Format::DecimalSI);
    row("0.5Gi", "512Mi", Format::BinarySI);
    row("100Mi", "100Mi", Format::BinarySI);
    // Zero in every spelling prints "0" but keeps its format.
    row("0", "0", Format::DecimalSI);
    row("0n", "0", Format::DecimalSI);
    row("0Ki", "0", Format::BinarySI);
    row("0e3", "0", Format::DecimalExponent);
    row("000", "0", Format::DecimalSI);
    row("-0", "0", Format::DecimalSI);
    row("0.000", "0", Format::DecimalSI);
    // Decimal suffixes take the largest exponent that leaves no fraction.
    row("5n", "5n", Format::DecimalSI);
    row("4u", "4u", Format::DecimalSI);
    row("3m", "3m", Format::DecimalSI);
    row("8k", "8k", Format::DecimalSI);
    row("50k", "50k", Format::DecimalSI);
    row("7M", "7M", Format::DecimalSI);
    row("6G", "6G", Format::DecimalSI);
    row("5T", "5T", Format::DecimalSI);
    row("2P", "2P", Format::DecimalSI);
    row("1E", "1E", Format::DecimalSI);
    row("12E", "12E", Format::DecimalSI);
    row("1000M", "1G", Format::DecimalSI);
    row("1080m", "1080m", Format::DecimalSI);
    row("1.08", "1080m", Format::DecimalSI);
    row("100.035k", "100035", Format::DecimalSI);
    row("10.035M", "10035k", Format::DecimalSI);
    row("0.0005k", "500m", Format::DecimalSI);
    row("9.01", "9010m", Format::DecimalSI);
    row("7.123456M", "7123456", Format::DecimalSI);
    row("6.987654321G", "6987654321", Format::DecimalSI);
    row("1.01E", "1010P", Format::DecimalSI);
    // Binary suffixes take the largest power of 1024 that divides the value.
    row("1Ki", "1Ki", Format::BinarySI);
    row("8Ki", "8Ki", Format::BinarySI);
    row("1024Mi", "1Gi", Format::BinarySI);
    row("1024Ki", "1Mi", Format::BinarySI);
    row("3Ei", "3Ei", Format::BinarySI);
    row("1536Ki", "1536Ki", Format::BinarySI);
    row("0.5Mi", "512Ki", Format::BinarySI);
    row("1.5Ki", "1536", Format::BinarySI);
    row("2048", "2048", Format::DecimalSI);
    // Binary values below 1024 or with a fraction print as DecimalSI, and keep BinarySI.
    row("0.5Ki", "512", Format::BinarySI);
    row("100.035Ki", "102435840m", Format::BinarySI);
    row(".001Ki", "1024m", Format::BinarySI);
    // ...and strictly between 0 and 1 they become DecimalSI, as Kubernetes decides at parse time.
    row(".000001Ki", "1024u", Format::DecimalSI);
    row(".000000001Ki", "1024n", Format::DecimalSI);
    // Exponents: the exponent is lowered to a multiple of 3.
    row("1e3", "1e3", Format::DecimalExponent);
    row("1E6", "1e6", Format::DecimalExponent);
    row("1e-3", "1e-3", Format::DecimalExponent);
    row("1E-3", "1e-3", Format::DecimalExponent);
    row("1.2e3", "1200", Format::DecimalExponent);
    row("1.3E+6", "1300e3", Format::DecimalExponent);
    row("1e14", "100e12", Format::DecimalExponent);
    row("0.5e0", "500e-3", Format::DecimalExponent);
    row("0.5e-2", "5e-3", Format::DecimalExponent);
    row("1e-0", "1", Format::DecimalExponent);
    // Odd but accepted spellings.
    row(".001", "1m", Format::DecimalSI);
    row("1.", "1", Format::DecimalSI);
    row("1.G", "1G", Format::DecimalSI);
    row("01", "1", Format::DecimalSI);
    row(".", "0", Format::DecimalSI);
    row("-", "0", Format::DecimalSI);
    // Below a nano-unit, parsing rounds up, away from zero.
    row("3.001n", "4n", Format::DecimalSI);
    row("1.1E-9", "2e-9", Format::DecimalExponent);
    row("0.0000000001", "1n", Format::DecimalSI);
    row("0.0000000005", "1n", Format::DecimalSI);
    row("0.9n", "1n", Format::DecimalSI);
    row("0.00000012345", "124n", Format::DecimalSI);
    row("1.0000000001", "1000000001n", Format::DecimalSI);
    row("0.9999999999", "1", Format::DecimalSI);
    row("1e-1000", "1e-9", Format::DecimalExponent);
    // A binary value rounded below 1 becomes DecimalSI, as Kubernetes does.
    row(".000000000001Ki", "2n", Format::DecimalSI);
    // Binary values are capped at 2^63-1, which 1024 does not divide.
    row("9Ei", "9223372036854775807", Format::BinarySI);
    row("8Ei", "9223372036854775807", Format::BinarySI);
    row("9223372036854775807Ki", "9223372036854775807", Format::BinarySI);
    row("100000000000000000000000Ki", "9223372036854775807", Format::BinarySI);
    row("7.5Ei", "7680Pi", Format::BinarySI); // 15 * 2^59, just below the cap
    // Large decimals stay exact.
    row("123456789012345678901234567890", "123456789012345678901234567890", Format::DecimalSI);
    row("1e100", "10e99", Format::DecimalExponent);
}

void QuantityTest::parse_printsKubernetesCanonicalForm()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QFETCH(Format, format);

    const auto r = Quantity::parse(input);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
    QCOMPARE(r->toString(), canonical);
    QCOMPARE(formatName(r->format()), formatName(format));
}

void QuantityTest::parse_negativeInputPrintsNegatedCanonicalForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    for (const char *in : {"1.5Gi", "0.1", "1000m", "2e3", "1.5", "0.5Gi", "100Mi", "1Ki", "1000M", ".001Ki", "3.001n",
                           "1.1E-9", "0.0000000001", "100.035k"}) {
        QTest::addRow("-%s", in) << QStringLiteral("-") + QString::fromUtf8(in)
                                 << QStringLiteral("-") + q(in).toString();
    }
}

void QuantityTest::parse_negativeInputPrintsNegatedCanonicalForm()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto r = Quantity::parse(input);
    QVERIFY(r.ok());
    QCOMPARE(r->toString(), canonical);
    QCOMPARE(r->sign(), -1);
}

void QuantityTest::parse_explicitPlusSignIsIgnored()
{
    QCOMPARE(q("+1.5Gi").toString(), QStringLiteral("1536Mi"));
    QCOMPARE(q("+1").toString(), QStringLiteral("1"));
    QCOMPARE(q("+0.1").sign(), 1);
}

void QuantityTest::parse_rejectsMalformedInputWithKubernetesMessage_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *in, const QString &message) {
        QTest::addRow("%s", name) << QString::fromUtf8(in) << message;
    };
    row("empty", "", kFormatWrong);
    row("two decimal points", "1.1.M", kFormatWrong);
    row("sign inside", "1+1.0M", kFormatWrong);
    row("letters only", "aoeu", kFormatWrong);
    row("leading space", " 1", kFormatWrong);
    row("trailing space", "1 ", kFormatWrong);
    row("letter after exponent digits", "1e3m", kFormatWrong);
    row("fraction in exponent", "1e3.5", kFormatWrong);
    row("unknown suffix mi", "0.1mi", kSuffix);
    row("letter outside the suffix set", "0.1am", kFormatWrong);
    row("bare i", "1i", kSuffix);
    row("bare i after fraction", ".5i", kSuffix);
    row("negative bare i", "-3.01i", kSuffix);
    row("exponent without digits", "1e", kSuffix);
    row("exponent with sign only", "-3.01e-", kSuffix);
    row("doubled exponent letter", "1ee3", kSuffix);
    row("lower-case K", "1K", kSuffix);
    row("digits after binary suffix", "1Mi5", kSuffix);
    row("two signs", "+-1", kSuffix);
    row("exponent past int32", "1e4294967297", kSuffix);
    row("exponent at min int32", "1E-2147483648", kSuffix);
}

void QuantityTest::parse_rejectsMalformedInputWithKubernetesMessage()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const auto r = Quantity::parse(input);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(), message);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
}

void QuantityTest::parse_rejectsMoreSignificantDigitsThanHeldExactly()
{
    // 38 significant digits are held exactly; 39 are refused rather than silently rounded.
    const QString digits38(38, QLatin1Char('9'));
    QCOMPARE(q(qPrintable(digits38)).toString(), digits38);
    const auto r = Quantity::parse(QString(39, QLatin1Char('9')));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(), kNumeric);
    // Digits beyond nano precision are rounded first, so they never count against the limit.
    QCOMPARE(q("0.0000000001234567890123456789012345678901234567890").toString(), QStringLiteral("1n"));
}

void QuantityTest::toString_canonicalFormParsesBackToTheSameValue_data()
{
    QTest::addColumn<QString>("input");
    for (const char *in : {"1.5Gi", "0.1", "1000m", "2e3", "1.5", "100Mi", "9Ei", "3.001n", "1e-3", "1.3E+6",
                           "100.035Ki", "0.5Ki", "12E", "-7.5Ei", "1e100", "123456789012345678901234567890"})
        QTest::addRow("%s", in) << QString::fromUtf8(in);
}

void QuantityTest::toString_canonicalFormParsesBackToTheSameValue()
{
    QFETCH(QString, input);
    const Quantity first = q(qPrintable(input));
    const Quantity again = q(qPrintable(first.toString()));
    QCOMPARE(again, first);
    QCOMPARE(again.toString(), first.toString());
}

void QuantityTest::toString_decimalBeyondSuffixTableUsesExponentNotation()
{
    // Kubernetes has no DecimalSI suffix past "E" and used to drop the magnitude ("1000E" -> "1").
    QCOMPARE(q("1000E").toString(), QStringLiteral("1e21"));
    QCOMPARE(q("5000E").toString(), QStringLiteral("5e21"));
    QCOMPARE(q("1000000E").toString(), QStringLiteral("1e24"));
    // A binary value whose power of 1024 is past "Ei" has no suffix either: its exact digits print,
    // in exponent notation when it ends in zeros (Kubernetes' TestBinarySIPastEiArithmeticRoundTrip).
    Quantity twoTo70 = q("4Ei");
    for (int i = 0; i < 8; ++i)
        twoTo70 = twoTo70 + twoTo70;
    QCOMPARE(twoTo70.toString(), QStringLiteral("1180591620717411303424"));
    QCOMPARE(q(qPrintable(twoTo70.toString())), twoTo70);
    QCOMPARE((q("1Ei") + q("1e70")).toString(), QStringLiteral("10e69"));
}

void QuantityTest::defaultQuantityIsZeroDecimalSI()
{
    const Quantity zero;
    QVERIFY(zero.isZero());
    QCOMPARE(zero.sign(), 0);
    QCOMPARE(zero.toString(), QStringLiteral("0"));
    QCOMPARE(formatName(zero.format()), "DecimalSI");
    QCOMPARE(zero, q("0Ki"));
}

void QuantityTest::fromIntAndFromMilli_buildExactValues_data()
{
    QTest::addColumn<Quantity>("built");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("fromInt 5") << Quantity::fromInt(5) << QStringLiteral("5");
    QTest::addRow("fromInt 1000") << Quantity::fromInt(1000) << QStringLiteral("1k");
    QTest::addRow("fromInt -2000") << Quantity::fromInt(-2000) << QStringLiteral("-2k");
    QTest::addRow("fromInt binary 1Gi") << Quantity::fromInt(1 << 30, Format::BinarySI) << QStringLiteral("1Gi");
    QTest::addRow("fromInt binary 2000") << Quantity::fromInt(2000, Format::BinarySI) << QStringLiteral("2000");
    QTest::addRow("fromInt exponent") << Quantity::fromInt(3000, Format::DecimalExponent) << QStringLiteral("3e3");
    QTest::addRow("fromMilli 100") << Quantity::fromMilli(100) << QStringLiteral("100m");
    QTest::addRow("fromMilli 1500") << Quantity::fromMilli(1500) << QStringLiteral("1500m");
    QTest::addRow("fromMilli 2000") << Quantity::fromMilli(2000) << QStringLiteral("2");
    QTest::addRow("fromMilli -9010") << Quantity::fromMilli(-9010) << QStringLiteral("-9010m");
    QTest::addRow("fromMilli binary 500") << Quantity::fromMilli(500, Format::BinarySI) << QStringLiteral("500m");
    QTest::addRow("fromMilli int64 max") << Quantity::fromMilli(std::numeric_limits<qint64>::max())
                                         << QStringLiteral("9223372036854775807m");
}

void QuantityTest::fromIntAndFromMilli_buildExactValues()
{
    QFETCH(Quantity, built);
    QFETCH(QString, canonical);
    QCOMPARE(built.toString(), canonical);
}

// --- Comparison -------------------------------------------------------------------------------------------

void QuantityTest::compare_ordersByValueIgnoringFormat_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected"); // -1, 0, 1
    const auto row = [](const char *a, const char *b, int expected) {
        QTest::addRow("%s vs %s", a, b) << QString::fromUtf8(a) << QString::fromUtf8(b) << expected;
    };
    row("0", "0", 0);
    row("100m", "50m", 1);
    row("50m", "100m", -1);
    row("10000T", "100Gi", 1);
    row("1Ki", "1024", 0);
    row("1k", "1e3", 0);
    row("1", "1000m", 0);
    row("0.1", "100m", 0);
    row("0Ki", "0", 0);
    row("9.01", "9.0", 1);
    row("900m", "9.01", -1);
    row("800m", "1", -1);
    row("800m", "790m", 1);
    row("-1", "0", -1);
    row("-1", "-2", 1);
    row("-100m", "-0.1", 0);
    row("-1Gi", "1n", -1);
    row("1n", "0", 1);
    row("999999999999999999999999999999999999", "1e36", -1);
    row("1000000000000000000000000000000000001", "1e36", 1);
}

void QuantityTest::compare_ordersByValueIgnoringFormat()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);
    const Quantity x = q(qPrintable(a));
    const Quantity y = q(qPrintable(b));
    const auto order = x <=> y;
    QCOMPARE(order < 0 ? -1 : order > 0 ? 1 : 0, expected);
    const auto reverse = y <=> x;
    QCOMPARE(reverse < 0 ? -1 : reverse > 0 ? 1 : 0, -expected);
    QCOMPARE(x == y, expected == 0);
    QCOMPARE(x < y, expected < 0);
}

void QuantityTest::compare_isExactForFarApartScales()
{
    const Quantity huge = q("1e2000000000");
    const Quantity tiny = q("1n");
    QVERIFY(huge > tiny);
    QVERIFY(Quantity() - huge < Quantity() - tiny);
    QVERIFY(q("12345678901234567890123456789012345678") < q("12345678901234567890123456789012345679"));
    QVERIFY(q("1.2345678901234567890123456789e19") > q("12345678901234567890.123456788"));
}

void QuantityTest::signAndIsZero_reflectValue()
{
    QCOMPARE(q("-1m").sign(), -1);
    QCOMPARE(q("1m").sign(), 1);
    QCOMPARE(q("0m").sign(), 0);
    QVERIFY(q("0Gi").isZero());
    QVERIFY(!q("1n").isZero());
}

// --- Arithmetic -------------------------------------------------------------------------------------------

void QuantityTest::add_isExactAndKeepsLeftFormat_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("sum");
    const auto row = [](const char *a, const char *b, const char *sum) {
        QTest::addRow("%s + %s", a, b) << QString::fromUtf8(a) << QString::fromUtf8(b) << QString::fromUtf8(sum);
    };
    row("100m", "50m", "150m");
    row("500m", "500m", "1");
    row("1", "1n", "1000000001n");
    row("1Gi", "1Gi", "2Gi");
    row("1Gi", "512Mi", "1536Mi");
    row("1Gi", "1", "1073741825");
    row("1Gi", "0.5", "1073741824500m"); // BinarySI with a fraction prints as DecimalSI
    row("1G", "1Gi", "2073741824");
    row("1e3", "1", "1001");
    row("1", "-1", "0");
    row("-1.5", "1", "-500m");
    row("9223372036854775807", "1", "9223372036854775808"); // no int64 overflow
    row("0.1", "0.2", "300m");                              // no binary floating point
}

void QuantityTest::add_isExactAndKeepsLeftFormat()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, sum);
    const Quantity x = q(qPrintable(a));
    const Quantity y = q(qPrintable(b));
    QCOMPARE((x + y).toString(), sum);
    QCOMPARE(formatName((x + y).format()), formatName(x.format()));
    QCOMPARE(x + y, y + x);
}

void QuantityTest::subtract_isExact_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("difference");
    const auto row = [](const char *a, const char *b, const char *difference) {
        QTest::addRow("%s - %s", a, b) << QString::fromUtf8(a) << QString::fromUtf8(b) << QString::fromUtf8(difference);
    };
    row("1", "100m", "900m");
    row("100m", "1", "-900m");
    row("2Gi", "1Gi", "1Gi");
    row("1Gi", "1Mi", "1023Mi");
    row("1Ki", "1Ki", "0");
    row("1", "1n", "999999999n");
    row("-1", "-1", "0");
    row("1k", "-1k", "2k");
}

void QuantityTest::subtract_isExact()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, difference);
    const Quantity x = q(qPrintable(a));
    const Quantity y = q(qPrintable(b));
    QCOMPARE((x - y).toString(), difference);
    QCOMPARE(x - y + y, x);
}

void QuantityTest::addSubtract_zeroLeftOperandTakesRightFormat()
{
    // Kubernetes: adding to or subtracting from zero keeps the other operand's suffix.
    const Quantity zero = q("0");
    QCOMPARE((zero + q("1Gi")).toString(), QStringLiteral("1Gi"));
    QCOMPARE((zero + q("100m")).toString(), QStringLiteral("100m"));
    QCOMPARE((zero - q("1Gi")).toString(), QStringLiteral("-1Gi"));
    QCOMPARE((q("1Gi") + zero).toString(), QStringLiteral("1Gi"));
    QCOMPARE((q("100m") - zero).toString(), QStringLiteral("100m"));
    QCOMPARE(formatName((zero + q("2e3")).format()), "DecimalExponent");
    // A non-zero left operand keeps its own format.
    QCOMPARE(formatName((q("1") + q("1Ki")).format()), "DecimalSI");
}

void QuantityTest::add_beyondThirtySevenDigitsRoundsTheFinerOperand()
{
    // 10^40 + 1 needs 41 digits; the 1 is rounded away, half away from zero, at the 37th digit.
    QCOMPARE((q("1e40") + q("1")).toString(), QStringLiteral("10e39"));
    // 10^36 has 37 digits: half a unit of the last one rounds away from zero, less than half vanishes.
    const Quantity big = q("1000000000000000000000000000000000000");
    QCOMPARE((big + q("0.5")).toString(), QStringLiteral("1000000000000000000000000000000000001"));
    QCOMPARE((big + q("0.4")).toString(), big.toString());
    QCOMPARE((big - q("0.5")).toString(), QStringLiteral("999999999999999999999999999999999999"));
    // Below 37 digits nothing is rounded.
    QCOMPARE((q("100000000000000000000000000000000000") + q("0.5")).toString(),
             QStringLiteral("100000000000000000000000000000000000500m"));
}

void QuantityTest::value_roundsUpAwayFromZero_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("milli");
    const auto row = [](const char *in, qint64 value, qint64 milli) {
        QTest::addRow("%s", in) << QString::fromUtf8(in) << value << milli;
    };
    row("0", 0, 0);
    row("100m", 1, 100);
    row("1", 1, 1000);
    row("1.5", 2, 1500);
    row("1.0001", 2, 1001);
    row("1n", 1, 1);
    row("999u", 1, 1);
    row("1500u", 1, 2);
    row("-1.5", -2, -1500);
    row("-1n", -1, -1);
    row("9.01", 10, 9010);
    row("-9.01", -10, -9010);
    row("1Ki", 1024, 1024000);
    row("1.5Gi", 1610612736, 1610612736000);
    row("2e3", 2000, 2000000);
    row("1e-1000", 1, 1);
    row("9223372036854775807", std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max());
}

void QuantityTest::value_roundsUpAwayFromZero()
{
    QFETCH(QString, input);
    QFETCH(qint64, value);
    QFETCH(qint64, milli);
    const Quantity x = q(qPrintable(input));
    QCOMPARE(x.value(), value);
    QCOMPARE(x.milliValue(), milli);
}

void QuantityTest::value_saturatesBeyondInt64()
{
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    QCOMPARE(q("1e30").value(), max);
    QCOMPARE(q("-1e30").value(), min);
    QCOMPARE(q("9223372036854775808").value(), max);
    QCOMPARE(q("9223372036854775807").value(), max);
    QCOMPARE(q("-9223372036854775807").value(), -max);
    QCOMPARE(q("10E").milliValue(), max);
    QCOMPARE(q("1e2000000000").value(), max);
}

QTEST_APPLESS_MAIN(QuantityTest)

#include "tst_quantity.moc"
