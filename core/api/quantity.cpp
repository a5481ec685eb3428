#include "quantity.h"

#include <algorithm>
#include <array>
#include <limits>

// Kubernetes keeps quantities in an int64 or an arbitrary-precision inf.Dec; Tugboat keeps one exact
// decimal, mantissa * 10^scale, in an __int128. That is 38 significant digits: a thousand times more
// than the int64 fast path Kubernetes itself prefers, so no bignum library is pulled in for it.

namespace tugboat::api {

namespace {

__extension__ typedef __int128 Int128;

// Kubernetes' parse errors, word for word (resource.ErrFormatWrong, ErrNumeric, ErrSuffix).
const QLatin1String kErrFormatWrong("quantities must match the regular expression "
                                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
const QLatin1String kErrNumeric("unable to parse numeric part of quantity");
const QLatin1String kErrSuffix("unable to parse quantity's suffix");

constexpr int kMaxDigits = 38;     // every integer of 38 digits fits an Int128 (10^38 < 2^127)
constexpr int kSumDigits = 37;     // two operands of 37 digits cannot overflow when added
constexpr qint64 kNanoScale = -9;  // parsing keeps nothing finer than a nano-unit
constexpr int kMaxBinaryPower = 6; // "Ei", 1024^6, is the largest binary suffix
constexpr qint64 kMaxExponent = std::numeric_limits<qint32>::max(); // Kubernetes' bound on "e<n>"
// The cap Kubernetes puts on a parsed binary-suffixed value.
constexpr Int128 kMaxBinaryValue = std::numeric_limits<qint64>::max();

Error parseError(QLatin1String message)
{
    return Error(ErrorCode::BadRequest, QString(message));
}

Int128 pow10(qint64 n)
{
    static const std::array<Int128, kMaxDigits + 1> table = [] {
        std::array<Int128, kMaxDigits + 1> t{};
        t[0] = 1;
        for (int i = 1; i <= kMaxDigits; ++i)
            t[i] = t[i - 1] * 10;
        return t;
    }();
    Q_ASSERT(n >= 0 && n <= kMaxDigits);
    return table[size_t(n)];
}

Int128 magnitude(Int128 v)
{
    return v < 0 ? -v : v;
}

// Number of decimal digits of a positive magnitude; 0 for zero.
int digitCount(Int128 mag)
{
    int n = 0;
    while (n < kMaxDigits && mag >= pow10(n))
        ++n;
    return mag >= pow10(kMaxDigits) ? kMaxDigits + 1 : n;
}

QString toDigits(Int128 mag)
{
    if (mag == 0)
        return QStringLiteral("0");
    QString s;
    for (; mag > 0; mag /= 10)
        s.prepend(QLatin1Char(char('0' + int(mag % 10))));
    return s;
}

// A non-zero |mantissa| * 10^scale lies in [10^(order-1), 10^order).
qint64 order(Int128 mag, qint64 scale)
{
    return digitCount(mag) + scale;
}

// Compares two magnitudes exactly, whatever their scales.
int compareMagnitude(Int128 am, qint64 as, Int128 bm, qint64 bs)
{
    if (am == 0 || bm == 0)
        return int(am != 0) - int(bm != 0);
    const qint64 ao = order(am, as);
    const qint64 bo = order(bm, bs);
    if (ao != bo)
        return ao < bo ? -1 : 1;
    // Same order: aligning on the finer scale gives the coarser one at most as many digits as the
    // finer one already has, so it still fits.
    if (as > bs)
        am *= pow10(as - bs);
    else
        bm *= pow10(bs - as);
    return am < bm ? -1 : int(am > bm);
}

// mantissa * 10^scale expressed at `target` scale: exact when scaling up (the caller guarantees it
// fits), rounded half away from zero when digits are dropped.
Int128 rescale(Int128 mantissa, qint64 scale, qint64 target)
{
    if (scale >= target)
        return mantissa * pow10(scale - target);
    const qint64 drop = target - scale;
    if (drop > kMaxDigits)
        return 0; // |mantissa| < 10^38, far below half of 10^drop
    const Int128 divisor = pow10(drop);
    const Int128 quotient = mantissa / divisor;
    const Int128 rest = magnitude(mantissa % divisor);
    if (rest >= divisor - rest) // rest >= divisor / 2, without overflowing 2 * rest
        return mantissa < 0 ? quotient - 1 : quotient + 1;
    return quotient;
}

// --- Parsing ------------------------------------------------------------------------------------------

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isSuffixLetter(QChar c)
{
    return QStringView(u"eEinumkKMGTP").contains(c);
}

bool isSign(QChar c)
{
    return c == QLatin1Char('-') || c == QLatin1Char('+');
}

// A quantity string cut the way Kubernetes' parseQuantityString cuts it.
struct Pieces {
    bool positive = true;
    QStringView num;    // integer digits without their leading zeros
    QStringView denom;  // fraction digits ("1." and ".5" are both allowed)
    QStringView suffix; // suffix letters, then an optional sign and digits: "Mi", "e-3", ""
};

// Fails (ErrFormatWrong) only when something follows the suffix's digits.
std::optional<Pieces> split(QStringView s)
{
    Pieces p;
    qsizetype pos = 0;
    const qsizetype end = s.size();
    const auto skip = [&](auto pred) {
        const qsizetype start = pos;
        while (pos < end && pred(s[pos]))
            ++pos;
        return s.mid(start, pos - start);
    };
    if (pos < end && isSign(s[pos]))
        p.positive = s[pos++] != QLatin1Char('-');
    skip([](QChar c) { return c == QLatin1Char('0'); });
    p.num = skip(isDigit);
    if (pos < end && s[pos] == QLatin1Char('.')) {
        ++pos;
        p.denom = skip(isDigit);
    }
    const qsizetype suffixStart = pos;
    skip(isSuffixLetter);
    if (pos < end && isSign(s[pos]))
        ++pos;
    skip(isDigit);
    if (pos < end)
        return std::nullopt;
    p.suffix = s.mid(suffixStart);
    return p;
}

struct Suffix {
    int base = 10;
    qint64 exponent = 0;
    Quantity::Format format = Quantity::Format::DecimalSI;
};

// Go's strconv.ParseInt for an "e<n>" exponent, within Kubernetes' int32 bound.
std::optional<qint64> parseExponent(QStringView s)
{
    bool negative = false;
    if (!s.isEmpty() && isSign(s.front())) {
        negative = s.front() == QLatin1Char('-');
        s = s.mid(1);
    }
    if (s.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (QChar c : s) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + (c.unicode() - '0');
        if (value > kMaxExponent)
            return std::nullopt;
    }
    return negative ? -value : value;
}

std::optional<Suffix> interpretSuffix(QStringView s)
{
    using F = Quantity::Format;
    static const struct {
        const char16_t *text;
        int base;
        int exponent;
    } table[] = {
        {u"", 10, 0},   {u"n", 10, -9}, {u"u", 10, -6}, {u"m", 10, -3}, {u"k", 10, 3},  {u"M", 10, 6},
        {u"G", 10, 9},  {u"T", 10, 12}, {u"P", 10, 15}, {u"E", 10, 18}, {u"Ki", 2, 10}, {u"Mi", 2, 20},
        {u"Gi", 2, 30}, {u"Ti", 2, 40}, {u"Pi", 2, 50}, {u"Ei", 2, 60},
    };
    for (const auto &e : table) {
        if (s == QStringView(e.text))
            return Suffix{e.base, e.exponent, e.base == 2 ? F::BinarySI : F::DecimalSI};
    }
    if (s.size() > 1 && (s.front() == QLatin1Char('e') || s.front() == QLatin1Char('E'))) {
        if (const auto exponent = parseExponent(s.mid(1)))
            return Suffix{10, *exponent, F::DecimalExponent};
    }
    return std::nullopt;
}

// Strips trailing zeros into the exponent; returns how many.
qint64 stripTrailingZeros(QString &digits)
{
    qsizetype n = 0;
    while (n < digits.size() && digits.at(digits.size() - 1 - n) == QLatin1Char('0'))
        ++n;
    digits.chop(n);
    return n;
}

void stripLeadingZeros(QString &digits)
{
    qsizetype n = 0;
    while (n < digits.size() && digits.at(n) == QLatin1Char('0'))
        ++n;
    digits.remove(0, n);
}

void incrementDigits(QString &digits)
{
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        if (digits[i] != QLatin1Char('9')) {
            digits[i] = QChar(digits[i].unicode() + 1);
            return;
        }
        digits[i] = QLatin1Char('0');
    }
    digits.prepend(QLatin1Char('1'));
}

// Kubernetes rounds a parsed value finer than a nano-unit up (away from zero: whoever asks for some
// resource gets some). Worked example: "3.001n" is digits 3001 at 10^-12; dropping three digits leaves
// 3, and because what was dropped is not zero the result is 4 at 10^-9, i.e. "4n".
// `digits` has no leading or trailing zeros.
void roundUpToNano(QString &digits, qint64 &exponent)
{
    if (exponent >= kNanoScale)
        return;
    const qint64 drop = kNanoScale - exponent;
    exponent = kNanoScale;
    if (drop >= digits.size()) {
        digits = QStringLiteral("1");
        return;
    }
    digits.chop(drop);
    incrementDigits(digits); // the dropped digits end in a non-zero one
    exponent += stripTrailingZeros(digits);
}

// The same rounding on an exact integer mantissa (binary suffixes).
void roundUpToNano(Int128 &mantissa, qint64 &scale)
{
    if (scale >= kNanoScale)
        return;
    const qint64 drop = kNanoScale - scale;
    scale = kNanoScale;
    if (drop > kMaxDigits) {
        mantissa = 1;
        return;
    }
    const Int128 divisor = pow10(drop);
    mantissa = mantissa / divisor + (mantissa % divisor == 0 ? 0 : 1);
}

Int128 parseDigits(const QString &digits)
{
    Int128 v = 0;
    for (QChar c : digits)
        v = v * 10 + (c.unicode() - '0');
    return v;
}

struct Magnitude {
    Int128 mantissa = 0;
    qint64 scale = 0;
};

// A decimal-suffixed magnitude: `digits` (no leading or trailing zeros) * 10^exponent.
std::optional<Magnitude> decimalMagnitude(QString digits, qint64 exponent)
{
    roundUpToNano(digits, exponent);
    if (digits.size() > kMaxDigits)
        return std::nullopt;
    return Magnitude{parseDigits(digits), exponent};
}

// A binary-suffixed magnitude: digits * 10^exponent10 * 2^exponent2, rounded up to nano-units and
// capped at 2^63-1 as Kubernetes caps it.
std::optional<Magnitude> binaryMagnitude(const QString &digits, qint64 exponent10, int exponent2)
{
    const Magnitude cap{kMaxBinaryValue, 0};
    // 10^20 and above is past the cap whatever the suffix.
    if (digits.size() + exponent10 > 20)
        return cap;
    if (digits.size() > kMaxDigits)
        return std::nullopt;
    Magnitude m{parseDigits(digits), exponent10};
    if (__builtin_mul_overflow(m.mantissa, Int128(1) << exponent2, &m.mantissa))
        return std::nullopt;
    roundUpToNano(m.mantissa, m.scale);
    if (compareMagnitude(m.mantissa, m.scale, cap.mantissa, cap.scale) > 0)
        return cap;
    return m;
}

// --- Printing -----------------------------------------------------------------------------------------

std::optional<QLatin1String> decimalSuffix(qint64 exponent)
{
    switch (exponent) {
    case -9:
        return QLatin1String("n");
    case -6:
        return QLatin1String("u");
    case -3:
        return QLatin1String("m");
    case 0:
        return QLatin1String("");
    case 3:
        return QLatin1String("k");
    case 6:
        return QLatin1String("M");
    case 9:
        return QLatin1String("G");
    case 12:
        return QLatin1String("T");
    case 15:
        return QLatin1String("P");
    case 18:
        return QLatin1String("E");
    default:
        return std::nullopt;
    }
}

// Kubernetes' canonical decimal form: the exponent is lowered to a multiple of 3, so no fractional
// digits are printed ("1.5" = 15e-1 -> 1500e-3 -> "1500m"). A DecimalSI exponent with no suffix
// (beyond "n".."E") falls back to exponent notation, as Kubernetes now does ("1000E" -> "1e21").
QString formatDecimal(Int128 mag, qint64 scale, Quantity::Format format)
{
    QString digits = toDigits(mag);
    const int pad = int(((scale % 3) + 3) % 3);
    digits += QString(pad, QLatin1Char('0'));
    const qint64 exponent = scale - pad;
    if (format == Quantity::Format::DecimalSI) {
        if (const auto suffix = decimalSuffix(exponent))
            return digits + *suffix;
    }
    return exponent == 0 ? digits : digits + QLatin1Char('e') + QString::number(exponent);
}

// Kubernetes' canonical binary form: the largest power of 1024 that divides the value ("1.5Gi" ->
// "1536Mi"). Values below 1024 in magnitude, or with a fraction, print as DecimalSI; values whose
// power of 1024 has no suffix (past "Ei") print in exponent notation. A value too large for an exact
// Int128 integer also prints in exponent notation (Kubernetes would print its full digits).
QString formatBinary(Int128 mag, qint64 scale)
{
    using F = Quantity::Format;
    if (scale < 0) // normalised: a negative scale means a fraction
        return formatDecimal(mag, scale, F::DecimalSI);
    if (order(mag, scale) > kMaxDigits)
        return formatDecimal(mag, scale, F::DecimalExponent);
    Int128 v = mag * pow10(scale);
    if (v < 1024)
        return formatDecimal(mag, scale, F::DecimalSI);
    int power = 0;
    while (v % 1024 == 0) {
        v /= 1024;
        ++power;
    }
    if (power > kMaxBinaryPower)
        return formatDecimal(mag, scale, F::DecimalExponent);
    static const char *const suffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    return toDigits(v) + QLatin1String(suffixes[power]);
}

} // namespace

Quantity::Quantity(Int128 mantissa, qint64 scale, Format format)
    : m_format(format)
{
    if (mantissa == 0)
        return;
    while (mantissa % 10 == 0) {
        mantissa /= 10;
        ++scale;
    }
    m_mantissa = mantissa;
    // Only arithmetic near 10^(+-2^31) could leave int's range; saturate rather than wrap.
    m_scale = int(std::clamp<qint64>(scale, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

Result<Quantity> Quantity::parse(QStringView text)
{
    if (text.isEmpty())
        return parseError(kErrFormatWrong);
    const auto pieces = split(text);
    if (!pieces)
        return parseError(kErrFormatWrong);
    return fromParts(pieces->positive, pieces->num, pieces->denom, pieces->suffix);
}

Result<Quantity> Quantity::fromParts(bool positive, QStringView num, QStringView denom, QStringView suffixText)
{
    const auto suffix = interpretSuffix(suffixText);
    if (!suffix)
        return parseError(kErrSuffix);
    QString digits = num.toString() + denom.toString();
    stripLeadingZeros(digits);
    if (digits.isEmpty())
        return Quantity(0, 0, suffix->format);
    const qint64 exponent = (suffix->base == 10 ? suffix->exponent : 0) - denom.size() + stripTrailingZeros(digits);

    const auto mag = suffix->base == 10 ? decimalMagnitude(digits, exponent)
                                        : binaryMagnitude(digits, exponent, int(suffix->exponent));
    if (!mag || mag->scale > std::numeric_limits<int>::max())
        return parseError(kErrNumeric);
    Format format = suffix->format;
    // Kubernetes: a binary value strictly between 0 and 1 "avoids rounding and confusion" as DecimalSI.
    if (format == Format::BinarySI && order(mag->mantissa, mag->scale) <= 0)
        format = Format::DecimalSI;
    return Quantity(positive ? mag->mantissa : -mag->mantissa, mag->scale, format);
}

Quantity Quantity::fromMilli(qint64 milli, Format format)
{
    return Quantity(milli, -3, format);
}

Quantity Quantity::fromInt(qint64 value, Format format)
{
    return Quantity(value, 0, format);
}

QString Quantity::toString() const
{
    if (m_mantissa == 0)
        return QStringLiteral("0");
    const QString sign = m_mantissa < 0 ? QStringLiteral("-") : QString();
    const Int128 mag = magnitude(m_mantissa);
    if (m_format == Format::BinarySI)
        return sign + formatBinary(mag, m_scale);
    return sign + formatDecimal(mag, m_scale, m_format);
}

bool Quantity::isZero() const
{
    return m_mantissa == 0;
}

int Quantity::sign() const
{
    return m_mantissa < 0 ? -1 : int(m_mantissa > 0);
}

qint64 Quantity::value() const
{
    return scaledValue(0);
}

qint64 Quantity::milliValue() const
{
    return scaledValue(-3);
}

// ceil(|value| / 10^unitScale) with the sign put back: Kubernetes' ScaledValue, rounding away from 0.
qint64 Quantity::scaledValue(int unitScale) const
{
    if (m_mantissa == 0)
        return 0;
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    const Int128 mag = magnitude(m_mantissa);
    const qint64 shift = qint64(m_scale) - unitScale; // value in units = mantissa * 10^shift
    Int128 units = 1;
    if (shift >= 0) {
        units = order(mag, shift) > 19 ? Int128(max) + 1 : mag * pow10(shift);
    } else if (-shift <= kMaxDigits) {
        const Int128 divisor = pow10(-shift);
        units = mag / divisor + (mag % divisor == 0 ? 0 : 1);
    } // else: the magnitude is below one unit, which rounds up to 1
    if (units > max)
        return m_mantissa < 0 ? std::numeric_limits<qint64>::min() : max;
    return qint64(m_mantissa < 0 ? -units : units);
}

// Aligns both operands on the finer scale; when that would need more than 37 digits, aligns on the
// coarsest scale that still holds the larger operand exactly and rounds the finer one.
Quantity Quantity::plus(Int128 otherMantissa, int otherScale, Format otherFormat) const
{
    const Format format = isZero() ? otherFormat : m_format;
    if (otherMantissa == 0)
        return Quantity(m_mantissa, m_scale, format);
    if (m_mantissa == 0)
        return Quantity(otherMantissa, otherScale, format);
    const qint64 largest = std::max(order(magnitude(m_mantissa), m_scale), order(magnitude(otherMantissa), otherScale));
    const qint64 target = std::max<qint64>(std::min(m_scale, otherScale), largest - kSumDigits);
    return Quantity(rescale(m_mantissa, m_scale, target) + rescale(otherMantissa, otherScale, target), target, format);
}

Quantity Quantity::operator+(const Quantity &other) const
{
    return plus(other.m_mantissa, other.m_scale, other.m_format);
}

Quantity Quantity::operator-(const Quantity &other) const
{
    return plus(-other.m_mantissa, other.m_scale, other.m_format);
}

std::strong_ordering Quantity::operator<=>(const Quantity &other) const
{
    const int a = sign();
    const int b = other.sign();
    if (a != b)
        return a <=> b;
    int c = compareMagnitude(magnitude(m_mantissa), m_scale, magnitude(other.m_mantissa), other.m_scale);
    if (a < 0)
        c = -c;
    return c <=> 0;
}

bool Quantity::operator==(const Quantity &other) const
{
    return (*this <=> other) == 0;
}

} // namespace tugboat::api
