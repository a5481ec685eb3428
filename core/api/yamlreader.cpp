#include "yamlreader.h"

#include "yamlwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>
#include <limits>
#include <new>
#include <optional>
#include <streambuf>
#include <string_view>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace tugboat::api {

namespace {

// ---------------------------------------------------------------------------------------------------
// Typing of plain scalars: go-yaml v2.4 resolve.go, rule by rule.

struct Scalar {
    YamlReader::ScalarType type = YamlReader::ScalarType::String;
    bool boolean = false;
    bool isUnsigned = false; // an Int above qint64's range, held in `unsignedInt`
    qint64 integer = 0;
    quint64 unsignedInt = 0;
    double real = 0;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// QString::fromUtf8 drops a leading U+FEFF as a byte order mark; inside a value it is a character.
QString fromUtf8(std::string_view s)
{
    if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF")
        return QChar(0xFEFF) + QString::fromUtf8(s.data() + 3, qsizetype(s.size() - 3));
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// strconv.ParseUint(s, 0, 64) on text without a sign: 0x, 0o, 0b and leading-0 octal prefixes.
std::optional<quint64> parseGoUnsigned(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    unsigned base = 10;
    if (s[0] == '0') {
        const char p = s.size() >= 3 ? char(s[1] | 0x20) : '\0';
        if (p == 'x' || p == 'o' || p == 'b') {
            base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
    }
    quint64 n = 0;
    for (char c : s) {
        unsigned d;
        if (isDigit(c))
            d = unsigned(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            d = unsigned((c | 0x20) - 'a' + 10);
        else
            return std::nullopt;
        if (d >= base || n > (std::numeric_limits<quint64>::max() - d) / base)
            return std::nullopt;
        n = n * base + d;
    }
    return n;
}

// strconv.ParseInt(s, 0, 64).
std::optional<qint64> parseGoSigned(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    const std::optional<quint64> u = parseGoUnsigned(s);
    if (!u)
        return std::nullopt;
    constexpr quint64 maxPositive = quint64(std::numeric_limits<qint64>::max());
    if (!negative)
        return *u <= maxPositive ? std::optional<qint64>(qint64(*u)) : std::nullopt;
    if (*u > maxPositive + 1)
        return std::nullopt;
    return *u == maxPositive + 1 ? std::numeric_limits<qint64>::min() : -qint64(*u);
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool isYamlStyleFloat(std::string_view s)
{
    size_t i = 0;
    const auto digits = [&] {
        const size_t from = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        return i - from;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0)
            return false;
    } else {
        if (digits() == 0)
            return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (digits() == 0)
            return false;
    }
    return i == s.size();
}

// strconv.ParseFloat on text that matched isYamlStyleFloat: overflow is an error, underflow is zero.
std::optional<double> parseDecimalFloat(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (end != s.data() + s.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // from_chars leaves v untouched; tell overflow from underflow by the decimal exponent.
        const size_t e = s.find_first_of("eE");
        const std::string_view mantissa = s.substr(0, e);
        long long exponent = 0;
        if (e != std::string_view::npos) {
            std::string_view ex = s.substr(e + 1);
            const bool negativeExponent = !ex.empty() && ex[0] == '-';
            if (!ex.empty() && (ex[0] == '+' || ex[0] == '-'))
                ex.remove_prefix(1);
            for (char c : ex)
                exponent = std::min<long long>(exponent * 10 + (c - '0'), 1'000'000);
            if (negativeExponent)
                exponent = -exponent;
        }
        const size_t dot = mantissa.find('.');
        const std::string_view whole = mantissa.substr(0, dot);
        const size_t firstNonZero = whole.find_first_not_of('0');
        if (firstNonZero != std::string_view::npos && exponent + qint64(whole.size() - firstNonZero) > 0)
            return std::nullopt; // overflow
        v = 0;
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -v : v;
}

// time.Parse's getnum(s, false): one or two digits.
bool takeNumber(std::string_view s, size_t &i, int &out)
{
    if (i >= s.size() || !isDigit(s[i]))
        return false;
    out = s[i++] - '0';
    if (i < s.size() && isDigit(s[i]))
        out = out * 10 + (s[i++] - '0');
    return true;
}

int daysInMonth(int month, int year)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : days[month - 1];
}

// go-yaml's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case
// 't', "2006-1-2 15:4:5.999999999" and "2006-1-2", including time.Parse's range checks.
bool isTimestamp(std::string_view s)
{
    if (s.size() < 5 || !std::all_of(s.begin(), s.begin() + 4, isDigit) || s[4] != '-')
        return false;
    const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    size_t i = 5;
    int month = 0, day = 0;
    if (!takeNumber(s, i, month) || i >= s.size() || s[i++] != '-' || !takeNumber(s, i, day))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year))
        return false;
    if (i == s.size())
        return true; // "2006-1-2"
    const char separator = s[i];
    if (separator == ' ') {
        while (i < s.size() && s[i] == ' ')
            ++i; // time.Parse treats a run of spaces as one
    } else if (separator == 'T' || separator == 't') {
        ++i;
    } else {
        return false;
    }
    int hour = 0, minute = 0, second = 0;
    if (!takeNumber(s, i, hour) || i >= s.size() || s[i++] != ':' || !takeNumber(s, i, minute) || i >= s.size() ||
        s[i++] != ':' || !takeNumber(s, i, second))
        return false;
    if (hour > 23 || minute > 59 || second > 59)
        return false;
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && isDigit(s[i + 1])) {
        ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    if (separator == ' ')
        return i == s.size();
    if (i < s.size() && s[i] == 'Z')
        return i + 1 == s.size();
    // ±hh:mm, exactly six characters.
    if (s.size() - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
        return false;
    if (!isDigit(s[i + 1]) || !isDigit(s[i + 2]) || !isDigit(s[i + 4]) || !isDigit(s[i + 5]))
        return false;
    return (s[i + 1] - '0') * 10 + (s[i + 2] - '0') <= 24 && (s[i + 4] - '0') * 10 + (s[i + 5] - '0') <= 60;
}

// resolve("", in) of go-yaml v2; `timestamps` is false under an explicit !!int/!!float/... tag.
Scalar resolvePlain(std::string_view in, bool timestamps = true)
{
    using T = YamlReader::ScalarType;
    Scalar r;
    const char first = in.empty() ? 'N' : in[0];
    // resolve.go's hint table: only text starting with these can be anything but a string.
    const bool sign = first == '+' || first == '-';
    const bool digit = isDigit(first);
    const bool inMap = std::string_view("yYnNtTfFoO~N").find(first) != std::string_view::npos;
    if (!sign && !digit && !inMap && first != '.')
        return r;

    static const std::unordered_map<std::string_view, Scalar> table = [] {
        std::unordered_map<std::string_view, Scalar> m;
        const auto add = [&m](std::initializer_list<std::string_view> words, Scalar s) {
            for (std::string_view w : words)
                m.emplace(w, s);
        };
        Scalar yes{T::Bool, true}, no{T::Bool, false}, null{T::Null}, nan{T::Float}, inf{T::Float}, minusInf{T::Float};
        nan.real = std::numeric_limits<double>::quiet_NaN();
        inf.real = std::numeric_limits<double>::infinity();
        minusInf.real = -inf.real;
        add({"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}, yes);
        add({"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}, no);
        add({"", "~", "null", "Null", "NULL"}, null);
        add({".nan", ".NaN", ".NAN"}, nan);
        add({".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}, inf);
        add({"-.inf", "-.Inf", "-.INF"}, minusInf);
        return m;
    }();
    if (const auto it = table.find(in); it != table.end())
        return it->second;

    if (first == '.') {
        if (isYamlStyleFloat(in))
            if (const auto f = parseDecimalFloat(in))
                return Scalar{T::Float, false, false, 0, 0, *f};
        return r;
    }
    if (!sign && !digit)
        return r;
    if (timestamps && isTimestamp(in))
        return Scalar{T::Timestamp};
    std::string plain(in);
    plain.erase(std::remove(plain.begin(), plain.end(), '_'), plain.end());
    if (const auto i = parseGoSigned(plain))
        return Scalar{T::Int, false, false, *i};
    if (const auto u = parseGoUnsigned(plain))
        return Scalar{T::Int, false, true, 0, *u};
    if (isYamlStyleFloat(plain))
        if (const auto f = parseDecimalFloat(plain))
            return Scalar{T::Float, false, false, 0, 0, *f};
    return r;
}

// ---------------------------------------------------------------------------------------------------
// Positions.

// Byte offsets -> 1-based line and character column. Lines end at \n, \r\n or a lone \r, as in yaml-cpp.
class SourceMap {
public:
    explicit SourceMap(QByteArrayView text)
        : m_text(text)
    {
        m_lineStarts.append(0);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
                m_lineStarts.append(i + 1);
        }
    }

    YamlPosition at(qsizetype offset) const
    {
        offset = std::clamp<qsizetype>(offset, 0, m_text.size());
        const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
        const qsizetype line = qsizetype(it - m_lineStarts.cbegin()) - 1;
        // Positions are mostly asked for in increasing order: continue from the last answer on the same
        // line, so that thousands of positions on one long (flow) line cost one pass over it.
        qsizetype from = m_lineStarts[line];
        int column = 1;
        if (m_cacheLine == line && m_cacheOffset <= offset) {
            from = m_cacheOffset;
            column = m_cacheColumn;
        }
        for (qsizetype i = from; i < offset; ++i)
            if ((uchar(m_text[i]) & 0xC0) != 0x80)
                ++column;
        m_cacheLine = line;
        m_cacheOffset = offset;
        m_cacheColumn = column;
        return {int(line + 1), column};
    }

private:
    QByteArrayView m_text;
    QList<qsizetype> m_lineStarts;
    mutable qsizetype m_cacheLine = -1;
    mutable qsizetype m_cacheOffset = 0;
    mutable int m_cacheColumn = 1;
};

Error readError(const QString &source, YamlPosition position, const QString &message,
                ErrorCode code = ErrorCode::BadRequest)
{
    return Error(code, formatLocation(source, position) + QStringLiteral(": ") + message);
}

// ---------------------------------------------------------------------------------------------------
// Input checks before any parser sees the text.

// Decodes a UTF-16 stream (with its BOM) and drops a UTF-8 BOM. Returns the UTF-8 text.
Result<QByteArray> decodeInput(const QByteArray &input, const QString &source, const YamlLimits &limits)
{
    if (input.size() > limits.maxStreamBytes) {
        const QByteArray head = input.left(limits.maxStreamBytes);
        return readError(source, SourceMap(head).at(head.size()),
                         QStringLiteral("the input is larger than the limit of %1 bytes").arg(limits.maxStreamBytes),
                         ErrorCode::RequestTooLarge);
    }
    if (input.startsWith("\xEF\xBB\xBF"))
        return input.mid(3);
    const bool le = input.startsWith("\xFF\xFE");
    if (le || input.startsWith("\xFE\xFF")) {
        QStringDecoder decoder(le ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE);
        const QString text = decoder.decode(QByteArrayView(input).sliced(2));
        if (decoder.hasError())
            return readError(source, {1, 1}, QStringLiteral("invalid UTF-16 text"));
        return text.toUtf8();
    }
    return input;
}

// libyaml's reader refuses invalid UTF-8 and characters outside YAML's printable set; so does this.
std::optional<Error> checkCharacters(QByteArrayView text, const SourceMap &map, const QString &source)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const uchar c = uchar(text[i]);
        if (c < 0x80) {
            if (c != 0x09 && c != 0x0A && c != 0x0D && (c < 0x20 || c > 0x7E))
                return readError(source, map.at(i),
                                 QStringLiteral("control character U+%1 is not allowed%2")
                                     .arg(QString::number(c, 16).toUpper().rightJustified(4, QLatin1Char('0')),
                                          c == 0 ? QStringLiteral(" (is this a binary file?)") : QString()));
            ++i;
            continue;
        }
        int length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        char32_t cp = length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
        bool valid = length > 0 && i + length <= n;
        for (int k = 1; valid && k < length; ++k) {
            const uchar b = uchar(text[i + k]);
            valid = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3F);
        }
        valid = valid && !(length == 2 && cp < 0x80) && !(length == 3 && cp < 0x800) &&
                !(length == 4 && cp < 0x10000) && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        if (!valid)
            return readError(source, map.at(i),
                             QStringLiteral("invalid UTF-8 byte 0x%1; the input must be UTF-8 text")
                                 .arg(c, 2, 16, QLatin1Char('0')));
        if (!(cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000))
            return readError(source, map.at(i),
                             QStringLiteral("control character U+%1 is not allowed")
                                 .arg(QString::number(uint(cp), 16).toUpper().rightJustified(4, QLatin1Char('0'))));
        i += length;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------
// The JSON fast path.

// The deepest bracket nesting of JSON text (strings skipped), stopping once past `limit`.
int jsonDepth(QByteArrayView text, int limit)
{
    int depth = 0, deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size() && deepest <= limit; ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

qsizetype skipJsonSpace(QByteArrayView text, qsizetype i)
{
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        ++i;
    return i;
}

// Strict JSON (one value, or several concatenated) read with QJsonDocument. nullopt: not strict JSON (or
// too deep to hand to QJsonDocument); the YAML parser then reads it and reports any error with a position.
std::optional<Result<QList<YamlDocument>>> readJson(const QByteArray &text, const SourceMap &map, const QString &source,
                                                    const YamlLimits &limits)
{
    qsizetype offset = skipJsonSpace(text, 0);
    if (offset == text.size() || (text[offset] != '{' && text[offset] != '['))
        return std::nullopt;
    // QJsonDocument drops a U+FEFF that starts a string (taking it for a byte order mark).
    if (jsonDepth(text, limits.maxDepth) > limits.maxDepth || text.contains("\xEF\xBB\xBF"))
        return std::nullopt;
    QList<YamlDocument> docs;
    while (offset < text.size()) {
        const QByteArray rest = QByteArray::fromRawData(text.constData() + offset, text.size() - offset);
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(rest, &error);
        qsizetype length = rest.size();
        if (error.error == QJsonParseError::GarbageAtEnd) {
            length = error.offset;
            doc = QJsonDocument::fromJson(QByteArray::fromRawData(rest.constData(), length), &error);
        }
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        const YamlPosition position = map.at(offset);
        if (docs.size() >= limits.maxDocuments)
            return Result<QList<YamlDocument>>(readError(
                source, position, QStringLiteral("the stream has more than %1 documents").arg(limits.maxDocuments)));
        if (length > limits.maxDocumentBytes)
            return Result<QList<YamlDocument>>(readError(
                source, position,
                QStringLiteral("the document is larger than the limit of %1 bytes").arg(limits.maxDocumentBytes),
                ErrorCode::RequestTooLarge));
        YamlDocument d;
        d.value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        d.index = int(docs.size());
        d.position = position;
        docs.append(d);
        offset = skipJsonSpace(text, offset + length);
    }
    return Result<QList<YamlDocument>>(std::move(docs));
}

// ---------------------------------------------------------------------------------------------------
// The YAML path: yaml-cpp events -> JSON.

// Thrown from inside the event handler to stop yaml-cpp; never leaves this file.
struct ReadFailure {
    qsizetype offset;
    QString message;
    ErrorCode code = ErrorCode::BadRequest;
};

[[noreturn]] void fail(qsizetype offset, QString message, ErrorCode code = ErrorCode::BadRequest)
{
    throw ReadFailure{offset, std::move(message), code};
}

// An istream over the text without copying it.
class MemoryStreamBuf final : public std::streambuf {
public:
    explicit MemoryStreamBuf(const QByteArray &bytes)
    {
        char *begin = const_cast<char *>(bytes.constData()); // read-only: no put area is ever set
        setg(begin, begin, begin + bytes.size());
    }
};

const std::string yamlTagPrefix = "tag:yaml.org,2002:";

QString shortTag(const std::string &tag)
{
    return QString::fromStdString(tag.rfind(yamlTagPrefix, 0) == 0 ? "!!" + tag.substr(yamlTagPrefix.size()) : tag);
}

QString shortTag(YamlReader::ScalarType type)
{
    using T = YamlReader::ScalarType;
    switch (type) {
    case T::Null:
        return QStringLiteral("!!null");
    case T::Bool:
        return QStringLiteral("!!bool");
    case T::Int:
        return QStringLiteral("!!int");
    case T::Float:
        return QStringLiteral("!!float");
    case T::Timestamp:
        return QStringLiteral("!!timestamp");
    case T::String:
        break;
    }
    return QStringLiteral("!!str");
}

class JsonBuilder final : public YAML::EventHandler {
public:
    JsonBuilder(const QByteArray &text, const SourceMap &map, const YamlLimits &limits, QList<YamlDocument> &out)
        : m_text(text)
        , m_map(map)
        , m_limits(limits)
        , m_out(out)
    {}

    // After the last document: its size can only be known at the end of the text.
    void finish() const { checkDocumentSize(m_text.size()); }

    // Where the nesting goes past maxDepth, for when yaml-cpp's own recursion guard stops first: it
    // counts several levels per bracket of an unclosed flow collection. Only used on that error path.
    std::optional<qsizetype> offsetPastDepthLimit() const
    {
        const auto flow = std::find_if(m_stack.cbegin(), m_stack.cend(), [](const Frame &f) { return f.flow; });
        if (flow == m_stack.cend())
            return std::nullopt;
        int level = flow->depth - 1;
        for (qsizetype i = flow->offset; i < m_text.size(); ++i) {
            const char c = m_text[i];
            if (c == '"' || c == '\'') {
                for (++i; i < m_text.size() && m_text[i] != c; ++i)
                    if (c == '"' && m_text[i] == '\\')
                        ++i;
            } else if (c == '[' || c == '{') {
                if (++level > m_limits.maxDepth)
                    return i;
            } else if (c == ']' || c == '}') {
                --level;
            }
        }
        return std::nullopt;
    }

    QString depthMessage() const
    {
        return QStringLiteral("nesting is deeper than the limit of %1 levels").arg(m_limits.maxDepth);
    }

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (m_documents > 0) {
            checkDocumentSize(mark.pos);
            checkDocumentStart(mark.pos);
        }
        if (++m_documents > m_limits.maxDocuments)
            fail(mark.pos, QStringLiteral("the stream has more than %1 documents").arg(m_limits.maxDocuments));
        m_documentStart = mark.pos;
        m_anchors.clear();
        m_root = QJsonValue();
        m_rootOffset = -1;
        m_positions.clear();
    }

    void OnDocumentEnd() override
    {
        YamlDocument d;
        d.value = m_rootOffset < 0 ? QJsonValue() : m_root;
        d.index = m_documents - 1;
        d.position = m_map.at(m_rootOffset < 0 ? m_documentStart : m_rootOffset);
        for (const auto &[path, offset] : std::as_const(m_positions))
            d.fieldPositions.insert(path, m_map.at(offset));
        m_out.append(std::move(d));
    }

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        beginNode(mark.pos);
        if (!m_stack.isEmpty()) {
            const Frame &top = m_stack.constLast();
            // yaml-cpp ends a block mapping whose last key has no ':' with a null at the key itself.
            if (top.isMap && !top.flow && top.hasKey && top.keyOffset == mark.pos)
                fail(mark.pos, QStringLiteral("could not find expected ':'"));
        }
        scalar(mark.pos, anchor, Scalar{YamlReader::ScalarType::Null}, false, QString());
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        beginNode(mark.pos);
        if (mark.pos + qsizetype(value.size()) - m_documentStart > m_limits.maxDocumentBytes)
            checkDocumentSize(mark.pos + qsizetype(value.size()));
        const bool merge = tag == "?" && value == "<<";
        const Scalar resolved = resolve(tag, value, mark.pos);
        QString text;
        if (tag == "?") {
            text = fromUtf8(value);
        } else {
            checkQuoteClosed(mark.pos);
            const std::string fixed = fixFoldedEnd(mark.pos, value);
            text = tag == yamlTagPrefix + "binary" ? binaryText(fixed, mark.pos) : fromUtf8(fixed);
        }
        scalar(mark.pos, anchor, resolved, merge, text);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t id) override
    {
        beginNode(mark.pos);
        const auto it = m_anchors.find(id);
        if (it == m_anchors.end())
            fail(mark.pos, QStringLiteral("unknown anchor referenced"));
        const Anchor &a = it->second;
        if (!a.complete)
            fail(mark.pos, QStringLiteral("anchor '%1' value contains itself").arg(a.name));
        m_aliasNodes += a.nodes;
        if (m_aliasNodes > m_limits.maxAliasNodes)
            fail(mark.pos, QStringLiteral("document contains excessive aliasing: expanding aliases would add more "
                                          "than %1 nodes")
                               .arg(m_limits.maxAliasNodes));
        if (depth() + a.height > m_limits.maxDepth)
            fail(mark.pos, depthMessage());
        if (inKeyPosition()) {
            if (!a.scalar)
                fail(mark.pos, complexKeyMessage(a.value.isArray()));
            setKey(*a.scalar, false, mark.pos, a.text);
            return;
        }
        addValue(a.scalar ? toJson(*a.scalar, mark.pos, a.text) : a.value, a.nodes, a.height, mark.pos);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override
    {
        beginContainer(mark.pos, anchor, false, style == YAML::EmitterStyle::Flow);
    }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override
    {
        beginContainer(mark.pos, anchor, true, style == YAML::EmitterStyle::Flow);
    }

    void OnSequenceEnd() override { endContainer(); }
    void OnMapEnd() override { endContainer(); }

    void OnAnchor(const YAML::Mark &, const std::string &name) override { m_anchorName = QString::fromStdString(name); }

private:
    struct Anchor {
        QJsonValue value;
        std::optional<Scalar> scalar; // set when the anchored node is a scalar (it may serve as a key)
        QString text;                 // the scalar's text, for string values and messages
        qint64 nodes = 1;
        int height = 0;
        bool complete = false;
        QString name;
    };

    struct Frame {
        bool isMap = false;
        bool flow = false;
        QJsonObject object;
        QJsonArray array;
        bool hasKey = false;
        bool mergeKey = false;
        QString key;
        qsizetype keyOffset = 0;
        qint64 nodes = 1;
        int height = 1;
        YAML::anchor_t anchor = YAML::NullAnchor;
        qsizetype offset = 0;
        QString path;                // field path, for the first two levels
        bool recordPositions = true; // false under a merge key: merged values have no path of their own
        bool isKey = false;
        int depth = 1; // levels of nesting down to this collection
    };

    int depth() const { return m_stack.isEmpty() ? 0 : m_stack.constLast().depth; }

    bool inKeyPosition() const
    {
        return !m_stack.isEmpty() && m_stack.constLast().isMap && !m_stack.constLast().hasKey;
    }

    static QString complexKeyMessage(bool sequence)
    {
        return QStringLiteral("a %1 cannot be a mapping key; keys must be strings, numbers or booleans")
            .arg(sequence ? QStringLiteral("sequence") : QStringLiteral("mapping"));
    }

    void checkDocumentSize(qsizetype end) const
    {
        if (end - m_documentStart > m_limits.maxDocumentBytes)
            fail(m_documentStart,
                 QStringLiteral("the document is larger than the limit of %1 bytes").arg(m_limits.maxDocumentBytes),
                 ErrorCode::RequestTooLarge);
    }

    void beginNode(qsizetype offset)
    {
        checkDocumentSize(offset);
        if (m_stack.isEmpty()) {
            // One root per document; checkDocumentStart() already catches yaml-cpp's usual way of
            // reading a second one, this is the backstop.
            if (m_rootOffset >= 0)
                fail(offset, QStringLiteral("did not find expected <document start>: a document has one root "
                                            "node; separate documents with ---"));
            m_rootOffset = offset;
        }
    }

    bool isSpaceAt(qsizetype k) const
    {
        const char c = m_text[k];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    // Where a node's content starts, past its tag and anchor.
    qsizetype skipProperties(qsizetype i) const
    {
        while (i < m_text.size() && (m_text[i] == '!' || m_text[i] == '&')) {
            while (i < m_text.size() && !isSpaceAt(i))
                ++i;
            while (i < m_text.size() && isSpaceAt(i))
                ++i;
        }
        return i;
    }

    // yaml-cpp 0.7 accepts a quoted scalar that the input ends inside ('abc<EOF>); libyaml refuses it.
    void checkQuoteClosed(qsizetype offset) const
    {
        const qsizetype n = m_text.size();
        const qsizetype i = skipProperties(offset);
        if (i >= n || (m_text[i] != '\'' && m_text[i] != '"'))
            return;
        const char quote = m_text[i];
        for (qsizetype k = i + 1; k < n; ++k) {
            if (quote == '"' && m_text[k] == '\\')
                ++k;
            else if (m_text[k] == quote && quote == '\'' && k + 1 < n && m_text[k + 1] == '\'')
                ++k;
            else if (m_text[k] == quote)
                return;
        }
        fail(i, QStringLiteral("found unexpected end of stream while scanning a quoted scalar"));
    }

    // The column of the innermost block collection: a block scalar's content is indented past it.
    qsizetype parentIndent() const
    {
        if (m_stack.isEmpty())
            return -1;
        qsizetype start = m_stack.constLast().offset;
        while (start > 0 && m_text[start - 1] != '\n' && m_text[start - 1] != '\r')
            --start;
        return m_stack.constLast().offset - start;
    }

    // yaml-cpp 0.7 gets the end of some folded scalars wrong: with keep chomping (">+") it drops a line
    // break when empty lines follow the content, and a whitespace-only last line at the end of input adds
    // a space. The end of a folded scalar is simple to recount from the source: the content up to its
    // last non-empty line, then the line breaks that follow, kept as the chomping indicator says.
    std::string fixFoldedEnd(qsizetype offset, std::string value) const
    {
        const qsizetype n = m_text.size();
        qsizetype i = skipProperties(offset);
        if (i >= n || m_text[i] != '>')
            return value;
        const qsizetype parent = parentIndent();
        qsizetype contentIndent = -1; // known from an explicit indentation indicator, else the first line
        char chomping = 0;
        for (++i; i < n && (m_text[i] == '+' || m_text[i] == '-' || isDigit(m_text[i])); ++i) {
            if (isDigit(m_text[i]))
                contentIndent = std::max<qsizetype>(parent, 0) + (m_text[i] - '0');
            else
                chomping = m_text[i];
        }
        const auto lineEnd = [&](qsizetype k) {
            while (k < n && m_text[k] != '\n' && m_text[k] != '\r')
                ++k;
            return k;
        };
        const auto nextLine = [&](qsizetype end) {
            return end + (end + 1 < n && m_text[end] == '\r' && m_text[end + 1] == '\n' ? 2 : 1);
        };
        const qsizetype first = nextLine(lineEnd(i));
        qsizetype lastContentEnd = -1, stop = n;
        for (qsizetype line = first; line < n;) {
            const qsizetype end = lineEnd(line);
            qsizetype indent = 0;
            while (line + indent < end && m_text[line + indent] == ' ')
                ++indent;
            const bool spacesOnly = line + indent == end;
            if (!spacesOnly || (contentIndent >= 0 && indent > contentIndent)) { // not an empty line
                if (contentIndent < 0 && indent > parent)
                    contentIndent = indent;
                if (indent < contentIndent || contentIndent < 0) {
                    stop = line;
                    break;
                }
                lastContentEnd = end;
            }
            line = nextLine(end);
        }
        qsizetype breaks = 0;
        for (qsizetype k = lastContentEnd < 0 ? first : lastContentEnd; k < stop; ++k)
            if (m_text[k] == '\n' || (m_text[k] == '\r' && (k + 1 == n || m_text[k + 1] != '\n')))
                ++breaks;
        if (lastContentEnd < 0) // no content: only keep chomping keeps the empty lines
            return chomping == '+' ? std::string(size_t(breaks), '\n') : std::string();
        while (!value.empty() && value.back() == '\n')
            value.pop_back();
        qsizetype sourceSpaces = 0;
        while (m_text[lastContentEnd - 1 - sourceSpaces] == ' ')
            ++sourceSpaces;
        const size_t kept = value.find_last_not_of(' ') + 1; // npos + 1 == 0
        if (value.size() - kept > size_t(sourceSpaces))
            value.resize(kept + size_t(sourceSpaces));
        if (chomping == '+')
            value.append(size_t(breaks), '\n');
        else if (chomping != '-' && breaks > 0)
            value += '\n';
        return value;
    }

    // yaml-cpp starts a new document, without "---", where a root collection ends and another node
    // follows ("- a\nb: c"); libyaml refuses that. A document after the first must follow "---" (its
    // start), a directive, or "..." (the end of the previous one).
    void checkDocumentStart(qsizetype offset) const
    {
        const QByteArray rest = QByteArray::fromRawData(m_text.constData() + offset, m_text.size() - offset);
        if (rest.startsWith("---") || rest.startsWith('%'))
            return;
        qsizetype end = offset;
        while (end > 0 && m_text[end - 1] != '\n' && m_text[end - 1] != '\r')
            --end;
        while (end > 0) { // previous lines, last first: the first one with content decides
            qsizetype start = end - 1;
            while (start > 0 && m_text[start - 1] != '\n' && m_text[start - 1] != '\r')
                --start;
            const QByteArray line = QByteArray::fromRawData(m_text.constData() + start, end - start).trimmed();
            if (!line.isEmpty() && !line.startsWith('#')) {
                if (line == "..." || line.startsWith("... ") || line.startsWith("...\t"))
                    return;
                break;
            }
            end = start;
        }
        fail(offset, QStringLiteral("did not find expected <document start>: separate documents with ---"));
    }

    Scalar resolve(const std::string &tag, const std::string &value, qsizetype offset) const
    {
        using T = YamlReader::ScalarType;
        if (tag == "?") {
            Scalar s = resolvePlain(value);
            if (s.type == T::Timestamp)
                s.type = T::String;
            return s;
        }
        if (tag.rfind(yamlTagPrefix, 0) != 0)
            return Scalar{}; // "!" (quoted or block scalar) or an application tag: a string
        const std::string name = tag.substr(yamlTagPrefix.size());
        const std::pair<const char *, T> typed[] = {
            {"int", T::Int}, {"float", T::Float}, {"bool", T::Bool}, {"null", T::Null}, {"timestamp", T::Timestamp}};
        for (const auto &[tagName, wanted] : typed) {
            if (name != tagName)
                continue;
            Scalar s = resolvePlain(value, wanted == T::Timestamp);
            if (s.type == T::Int && wanted == T::Float) {
                s.real = s.isUnsigned ? double(s.unsignedInt) : double(s.integer);
                s.type = T::Float;
            }
            if (s.type != wanted)
                fail(offset, QStringLiteral("cannot decode %1 `%2` as a %3")
                                 .arg(shortTag(s.type), QString::fromStdString(value), shortTag(tag)));
            if (s.type == T::Timestamp)
                s.type = T::String;
            return s;
        }
        return Scalar{}; // !!str, !!binary, !!merge, and !!map/!!seq on a scalar: the text
    }

    QJsonValue toJson(const Scalar &s, qsizetype offset, const QString &text) const
    {
        using T = YamlReader::ScalarType;
        switch (s.type) {
        case T::Null:
            return QJsonValue();
        case T::Bool:
            return s.boolean;
        case T::Int:
            return s.isUnsigned ? QJsonValue(double(s.unsignedInt)) : QJsonValue(s.integer);
        case T::Float:
            if (!std::isfinite(s.real))
                fail(offset,
                     QStringLiteral("%1 cannot be represented in JSON; quote it to keep it as a string").arg(text));
            return s.real;
        case T::Timestamp:
        case T::String:
            break;
        }
        return text;
    }

    QString keyString(const Scalar &s, qsizetype offset, const QString &text) const
    {
        using T = YamlReader::ScalarType;
        switch (s.type) {
        case T::Null:
            fail(offset, QStringLiteral("null is not allowed as a mapping key"));
        case T::Bool:
            return s.boolean ? QStringLiteral("true") : QStringLiteral("false");
        case T::Int:
            if (s.isUnsigned) // sigs.k8s.io/yaml has no case for uint64 keys and refuses them
                fail(offset, QStringLiteral("unsupported map key %1: integer keys must fit in 64-bit signed integers")
                                 .arg(text));
            return QString::number(s.integer);
        case T::Float:
            return QString::fromLatin1(YamlWriter::formatFloat(s.real, 32));
        case T::Timestamp:
        case T::String:
            break;
        }
        return text;
    }

    // The text of a !!binary scalar: base64 (line breaks allowed), its bytes taken as UTF-8 as Go's
    // json.Marshal takes them.
    static QString binaryText(const std::string &value, qsizetype offset)
    {
        QByteArray base64 = QByteArray::fromStdString(value);
        base64.replace('\n', QByteArray()).replace('\r', QByteArray()).replace(' ', QByteArray());
        const auto decoded = QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            fail(offset, QStringLiteral("!!binary value is not valid base64"));
        return fromUtf8(std::string_view(decoded.decoded.constData(), size_t(decoded.decoded.size())));
    }

    void scalar(qsizetype offset, YAML::anchor_t anchor, const Scalar &s, bool merge, const QString &text)
    {
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = Anchor{QJsonValue(), s, text, 1, 0, true, m_anchorName};
        if (inKeyPosition()) {
            setKey(s, merge, offset, text);
            return;
        }
        addValue(toJson(s, offset, text), 1, 0, offset);
    }

    void setKey(const Scalar &s, bool merge, qsizetype offset, const QString &text)
    {
        Frame &top = m_stack.last();
        top.hasKey = true;
        top.mergeKey = merge;
        top.keyOffset = offset;
        if (!merge)
            top.key = keyString(s, offset, text);
    }

    // Where the next value of the top frame goes, as a field path; empty when not recorded.
    QString childPath() const
    {
        const Frame &top = m_stack.constLast();
        if (m_stack.size() > 2 || !top.recordPositions || (top.isMap && top.mergeKey))
            return {};
        if (!top.isMap)
            return top.path + QLatin1Char('[') + QString::number(top.array.size()) + QLatin1Char(']');
        return top.path.isEmpty() ? top.key : top.path + QLatin1Char('.') + top.key;
    }

    void beginContainer(qsizetype offset, YAML::anchor_t anchor, bool isMap, bool flow)
    {
        beginNode(offset);
        Frame f;
        // yaml-cpp announces an unclosed flow collection ("[[[") as the key of an implicit mapping that
        // starts at the same place; such a mapping adds no level of its own.
        const bool wrapsKey = !m_stack.isEmpty() && m_stack.constLast().isMap && !m_stack.constLast().hasKey &&
                              m_stack.constLast().offset == offset;
        f.depth = depth() + (wrapsKey ? 0 : 1);
        if (f.depth > m_limits.maxDepth)
            fail(offset, depthMessage());
        f.isMap = isMap;
        f.flow = flow;
        f.offset = offset;
        f.anchor = anchor;
        // A collection as a key is refused when it ends, not here: yaml-cpp announces an unclosed flow
        // collection as the key of a block mapping, and its own error about that must come first.
        f.isKey = inKeyPosition();
        if (f.isKey) {
            f.recordPositions = false;
        } else if (!m_stack.isEmpty()) {
            f.path = childPath();
            f.recordPositions = !f.path.isEmpty();
        }
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = Anchor{QJsonValue(), std::nullopt, QString(), 1, 1, false, m_anchorName};
        m_stack.append(std::move(f));
    }

    void endContainer()
    {
        Frame f = m_stack.takeLast();
        if (f.isKey)
            fail(f.offset, complexKeyMessage(!f.isMap));
        const QJsonValue value = f.isMap ? QJsonValue(f.object) : QJsonValue(f.array);
        if (f.anchor != YAML::NullAnchor) {
            Anchor &a = m_anchors[f.anchor];
            a.value = value;
            a.nodes = f.nodes;
            a.height = f.height;
            a.complete = true;
        }
        addValue(value, f.nodes, f.height, f.offset);
    }

    void addValue(const QJsonValue &value, qint64 nodes, int height, qsizetype offset)
    {
        if (m_stack.isEmpty()) {
            m_root = value;
            return;
        }
        const QString path = childPath();
        Frame &top = m_stack.last();
        if (!top.isMap) {
            top.array.append(value);
        } else if (top.mergeKey) {
            merge(top, value, offset);
        } else {
            top.object.insert(top.key, value); // a duplicate key: the last wins, as in go-yaml v2
        }
        if (!path.isEmpty())
            m_positions.append({path, offset});
        if (top.isMap)
            top.hasKey = top.mergeKey = false;
        top.nodes += nodes;
        top.height = std::max(top.height, height + 1);
    }

    // go-yaml v2 merges in document order: a merge overwrites the keys already set, later keys overwrite
    // it, and within a sequence of sources the earlier ones win.
    static void merge(Frame &frame, const QJsonValue &value, qsizetype offset)
    {
        QJsonArray sources = value.toArray();
        if (value.isObject())
            sources = QJsonArray{value};
        if ((!value.isObject() && !value.isArray()) ||
            std::any_of(sources.begin(), sources.end(), [](const QJsonValue &v) { return !v.isObject(); }))
            fail(offset, QStringLiteral("map merge requires map or sequence of maps as the value"));
        for (qsizetype i = sources.size() - 1; i >= 0; --i) {
            const QJsonObject source = sources[i].toObject();
            for (auto it = source.begin(); it != source.end(); ++it)
                frame.object.insert(it.key(), it.value());
        }
    }

    const QByteArray &m_text;
    const SourceMap &m_map;
    const YamlLimits &m_limits;
    QList<YamlDocument> &m_out;

    int m_documents = 0;
    qsizetype m_documentStart = 0;
    qint64 m_aliasNodes = 0;
    QList<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchor> m_anchors;
    QString m_anchorName;
    QJsonValue m_root;
    qsizetype m_rootOffset = -1;
    QList<std::pair<QString, qsizetype>> m_positions;
};

// yaml-cpp's messages, reworded as libyaml (and so kubectl) words them where they mean the same.
QString libyamlMessage(const std::string &message, QByteArrayView text, qsizetype offset)
{
    using namespace YAML::ErrorMsg;
    if (message == MAP_VALUE)
        return QStringLiteral("mapping values are not allowed in this context");
    if (message == END_OF_MAP)
        return QStringLiteral("did not find expected key");
    if (message == END_OF_SEQ)
        return QStringLiteral("did not find expected '-' indicator");
    if (message == END_OF_MAP_FLOW)
        return QStringLiteral("did not find expected ',' or '}'");
    if (message == END_OF_SEQ_FLOW)
        return QStringLiteral("did not find expected ',' or ']'");
    if (message == UNKNOWN_TOKEN)
        return QStringLiteral("found character that cannot start any token");
    if (message == DOC_IN_SCALAR)
        return QStringLiteral("found unexpected document indicator");
    if (message == FLOW_END && offset < text.size())
        return QStringLiteral("found unexpected '%1'").arg(QLatin1Char(text[offset]));
    if (message == UNKNOWN_ANCHOR) {
        qsizetype end = offset + 1;
        while (end < text.size() && std::string_view(" \t\r\n,[]{}").find(text[end]) == std::string_view::npos)
            ++end;
        return QStringLiteral("unknown anchor '%1' referenced")
            .arg(QString::fromUtf8(text.sliced(offset + 1, std::max<qsizetype>(end - offset - 1, 0))));
    }
    if (message == EOF_IN_SCALAR)
        return QStringLiteral("found unexpected end of stream while scanning a quoted scalar");
    if (message.rfind(INVALID_ESCAPE, 0) == 0)
        return QStringLiteral("found unknown escape character");
    return QString::fromStdString(message);
}

Result<QList<YamlDocument>> readYaml(const QByteArray &text, const SourceMap &map, const QString &source,
                                     const YamlLimits &limits)
{
    QList<YamlDocument> docs;
    MemoryStreamBuf buffer(text);
    std::istream in(&buffer);
    JsonBuilder builder(text, map, limits, docs);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
        builder.finish();
    } catch (const YAML::DeepRecursion &) {
        if (const std::optional<qsizetype> offset = builder.offsetPastDepthLimit())
            return readError(source, map.at(*offset), builder.depthMessage());
        return readError(source, map.at(text.size()), QStringLiteral("nesting is too deep"));
    } catch (const ReadFailure &f) {
        return readError(source, map.at(f.offset), f.message, f.code);
    } catch (const YAML::Exception &e) {
        qsizetype offset = e.mark.is_null() ? text.size() : e.mark.pos;
        // yaml-cpp marks a bad escape after the escaped character; point at its backslash.
        if (e.msg.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0 && offset >= 2 && text[offset - 2] == '\\')
            offset -= 2;
        const QString message = libyamlMessage(e.msg, text, offset);
        // A tab in the indentation of the offending line is nearly always the real cause.
        const YamlPosition at = map.at(offset);
        qsizetype lineStart = offset;
        while (lineStart > 0 && text[lineStart - 1] != '\n' && text[lineStart - 1] != '\r')
            --lineStart;
        for (qsizetype i = lineStart; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
            if (text[i] == '\t') {
                return readError(source, map.at(i),
                                 QStringLiteral("found a tab character where indentation is expected; "
                                                "indent with spaces"));
            }
        }
        return readError(source, at, message);
    } catch (const std::bad_alloc &) {
        return Error(ErrorCode::RequestTooLarge, source + QStringLiteral(": out of memory while reading"));
    }
    return docs;
}

} // namespace

QString formatLocation(const QString &sourceName, YamlPosition position)
{
    const QString name = sourceName.isEmpty() ? QStringLiteral("<input>") : sourceName;
    if (!position.isValid())
        return name;
    return QStringLiteral("%1:%2:%3").arg(name).arg(position.line).arg(position.column);
}

YamlPosition YamlDocument::positionOf(const QString &fieldPath) const
{
    QString path = fieldPath;
    while (!path.isEmpty()) {
        const auto it = fieldPositions.constFind(path);
        if (it != fieldPositions.constEnd())
            return *it;
        const qsizetype cut = std::max(path.lastIndexOf(QLatin1Char('.')), path.lastIndexOf(QLatin1Char('[')));
        path.truncate(std::max<qsizetype>(cut, 0));
    }
    return position;
}

Result<QList<YamlDocument>> YamlReader::readAll(const QByteArray &input, const QString &sourceName,
                                                const YamlLimits &limits)
{
    const QString source = sourceName.isEmpty() ? QStringLiteral("<input>") : sourceName;
    Result<QByteArray> decoded = decodeInput(input, source, limits);
    if (!decoded)
        return decoded.error();
    const QByteArray &text = *decoded;
    const SourceMap map(text);
    if (std::optional<Error> error = checkCharacters(text, map, source))
        return *error;
    if (std::optional<Result<QList<YamlDocument>>> json = readJson(text, map, source, limits))
        return std::move(*json);
    return readYaml(text, map, source, limits);
}

Result<QJsonValue> YamlReader::read(const QByteArray &text, const QString &sourceName, const YamlLimits &limits)
{
    Result<QList<YamlDocument>> docs = readAll(text, sourceName, limits);
    if (!docs)
        return docs.error();
    const YamlDocument *found = nullptr;
    for (const YamlDocument &d : std::as_const(*docs)) {
        if (d.value.isNull())
            continue;
        if (found)
            return Error(ErrorCode::BadRequest, formatLocation(sourceName, d.position) +
                                                    QStringLiteral(": expected a single document, found another"));
        found = &d;
    }
    return found ? found->value : QJsonValue();
}

YamlReader::ScalarType YamlReader::plainScalarType(QByteArrayView utf8)
{
    return resolvePlain(std::string_view(utf8.data(), size_t(utf8.size()))).type;
}

} // namespace tugboat::api
