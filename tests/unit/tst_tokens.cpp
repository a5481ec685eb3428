// Bearer tokens: random, compared in constant time, persisted as hashes in an owner-only file, expiring
// by the injected clock, and never printed.
#include "api/clock.h"
#include "apiserver/tokens.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace tugboat;
using namespace tugboat::apiserver;
using namespace std::chrono_literals;

namespace {

int fileMode(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

template <typename T> QString debugText(const T &value)
{
    QString text;
    QDebug(&text) << value;
    return text;
}

const QString kHash64 = QStringLiteral("0f80215ac4f6ccf1b6207a3f4e4fff075ce16cafd5e263bead85c2c1f61540bb");

} // namespace

class TokensTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void constantTimeEquals_comparesContentsAndLengths_data();
    void constantTimeEquals_comparesContentsAndLengths();
    void randomString_usesOnlyTheAlphabetAndDiffersEachTime();
    void create_issuesBearerInIdDotSecretForm();
    void authenticate_mapsRolesToKubernetesUsersAndGroups_data();
    void authenticate_mapsRolesToKubernetesUsersAndGroups();
    void authenticate_refusesWrongUnknownAndMalformedTokens_data();
    void authenticate_refusesWrongUnknownAndMalformedTokens();
    void authenticate_refusesTokensOnceExpired();
    void authenticate_acceptsTheWholeJoinTokenForm();
    void store_persistsAcrossReopenAndDelete();
    void store_fileIsOwnerOnlyAndHoldsOnlyHashes();
    void store_tightensLooseFileModeOnOpen();
    void store_reportsCorruptFileWithItsName();
    void create_validatesRoleNodeNameAndTtl();
    void removeExpired_dropsOnlyExpiredTokens();
    void nodeCredential_isRefusedWhileOneExistsUnlessReplaced();
    void joinToken_parsesK10AndBareForms_data();
    void joinToken_parsesK10AndBareForms();
    void joinToken_errorsNeverQuoteTheToken();
    void debugOutput_redactsSecrets();
    void failedWrite_leavesStoreUnchanged();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(QStringLiteral("tokens.json")); }
};

void TokensTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TokensTest::constantTimeEquals_comparesContentsAndLengths_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << QByteArray("secret") << QByteArray("secret") << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("last byte differs") << QByteArray("secret") << QByteArray("secreT") << false;
    QTest::newRow("first byte differs") << QByteArray("secret") << QByteArray("Secret") << false;
    QTest::newRow("prefix") << QByteArray("secret") << QByteArray("secre") << false;
    QTest::newRow("empty against text") << QByteArray() << QByteArray("x") << false;
    QTest::newRow("embedded NUL") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
}

void TokensTest::constantTimeEquals_comparesContentsAndLengths()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(constantTimeEquals(a, b), equal);
    QCOMPARE(constantTimeEquals(b, a), equal);
}

void TokensTest::randomString_usesOnlyTheAlphabetAndDiffersEachTime()
{
    QSet<QString> seen;
    for (int i = 0; i < 50; ++i) {
        auto s = randomString(32);
        QVERIFY(s.ok());
        QVERIFY(QRegularExpression(QStringLiteral("^[a-z0-9]{32}$")).match(*s).hasMatch());
        seen.insert(*s);
    }
    QCOMPARE(seen.size(), 50);
    auto hex = randomString(1000, u"01");
    QVERIFY(hex.ok());
    QVERIFY(hex->contains(u'0') && hex->contains(u'1'));
    QCOMPARE(randomBytes(16)->size(), 16);
}

void TokensTest::create_issuesBearerInIdDotSecretForm()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Admin, QString(), QStringLiteral("test"), 0ms});
    QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z0-9]{6}\\.[a-z0-9]{32}$")).match(issued->bearer()).hasMatch());
    QCOMPARE(issued->token.secretHash.size(), 32);
    QVERIFY(!issued->token.expires.isValid());
    QCOMPARE((*store)->list().size(), 1);
    QCOMPARE((*store)->find(issued->token.id)->description, QStringLiteral("test"));
}

void TokensTest::authenticate_mapsRolesToKubernetesUsersAndGroups_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QString>("nodeName");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("groups");
    QTest::newRow("admin") << int(Role::Admin) << QString() << QStringLiteral("admin")
                           << QStringList{QStringLiteral("system:masters"), QStringLiteral("system:authenticated")};
    QTest::newRow("viewer") << int(Role::Viewer) << QString() << QStringLiteral("viewer")
                            << QStringList{QStringLiteral("tugboat:viewers"), QStringLiteral("system:authenticated")};
    QTest::newRow("node") << int(Role::Node) << QStringLiteral("n1") << QStringLiteral("system:node:n1")
                          << QStringList{QStringLiteral("system:nodes"), QStringLiteral("system:authenticated")};
    QTest::newRow("join") << int(Role::Node) << QString() << QStringLiteral("system:bootstrap:")
                          << QStringList{QStringLiteral("system:bootstrappers"),
                                         QStringLiteral("system:authenticated")};
}

void TokensTest::authenticate_mapsRolesToKubernetesUsersAndGroups()
{
    QFETCH(int, role);
    QFETCH(QString, nodeName);
    QFETCH(QString, user);
    QFETCH(QStringList, groups);
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role(role), nodeName, QString(), 0ms});
    QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
    auto identity = (*store)->authenticate(issued->bearer());
    QVERIFY2(identity.ok(), qPrintable(identity.errorMessage()));
    if (user.endsWith(u':'))
        user += issued->token.id; // system:bootstrap:<id>
    QCOMPARE(identity->userName, user);
    QCOMPARE(identity->groups, groups);
    QCOMPARE(identity->role, Role(role));
    QCOMPARE(identity->nodeName, nodeName);
    QCOMPARE(identity->tokenId, issued->token.id);
    QCOMPARE(identity->isJoinToken(), Role(role) == Role::Node && nodeName.isEmpty());
}

void TokensTest::authenticate_refusesWrongUnknownAndMalformedTokens_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::newRow("wrong secret") << QStringLiteral("wrong-secret");
    QTest::newRow("unknown id") << QStringLiteral("unknown-id");
    QTest::newRow("empty") << QStringLiteral("empty");
    QTest::newRow("no dot") << QStringLiteral("no-dot");
    QTest::newRow("secret only") << QStringLiteral("secret-only");
    QTest::newRow("upper case") << QStringLiteral("upper");
    QTest::newRow("trailing junk") << QStringLiteral("junk");
}

void TokensTest::authenticate_refusesWrongUnknownAndMalformedTokens()
{
    QFETCH(QString, mutation);
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Admin, QString(), QString(), 0ms});
    QVERIFY(issued.ok());
    const QString id = issued->token.id;
    QString secret = issued->secret;
    QString bearer;
    if (mutation == QLatin1String("wrong-secret")) {
        secret[0] = secret[0] == u'a' ? u'b' : u'a';
        bearer = id + u'.' + secret;
    } else if (mutation == QLatin1String("unknown-id")) {
        bearer = (id == QLatin1String("aaaaaa") ? QStringLiteral("bbbbbb") : QStringLiteral("aaaaaa")) + u'.' + secret;
    } else if (mutation == QLatin1String("no-dot")) {
        bearer = id + secret;
    } else if (mutation == QLatin1String("secret-only")) {
        bearer = secret;
    } else if (mutation == QLatin1String("upper")) {
        bearer = issued->bearer().toUpper();
    } else if (mutation == QLatin1String("junk")) {
        bearer = issued->bearer() + QStringLiteral(".x");
    }
    auto identity = (*store)->authenticate(bearer);
    QVERIFY(!identity.ok());
    QCOMPARE(identity.error().code(), api::ErrorCode::Unauthorized);
    QCOMPARE(identity.errorMessage(), QStringLiteral("Unauthorized"));
}

void TokensTest::authenticate_refusesTokensOnceExpired()
{
    api::FakeClock clock;
    auto store = TokenStore::open(path(), clock);
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Viewer, QString(), QString(), 10min});
    QVERIFY(issued.ok());
    QCOMPARE(issued->token.expires, clock.now().addSecs(600));
    QVERIFY((*store)->authenticate(issued->bearer()).ok());
    clock.advanceMs(10 * 60 * 1000 - 1);
    QVERIFY((*store)->authenticate(issued->bearer()).ok());
    clock.advanceMs(1);
    auto expired = (*store)->authenticate(issued->bearer());
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().code(), api::ErrorCode::Unauthorized);

    // The expiry survives a reopen, to the millisecond.
    auto reopened = TokenStore::open(path(), clock);
    QVERIFY(reopened.ok());
    QCOMPARE((*reopened)->find(issued->token.id)->expires, issued->token.expires);
    QVERIFY(!(*reopened)->authenticate(issued->bearer()).ok());
}

void TokensTest::authenticate_acceptsTheWholeJoinTokenForm()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Node, QString(), QString(), 0ms});
    QVERIFY(issued.ok());
    const JoinToken join = JoinToken::fromIssued(kHash64, *issued);
    auto identity = (*store)->authenticate(join.toString());
    QVERIFY2(identity.ok(), qPrintable(identity.errorMessage()));
    QVERIFY(identity->isJoinToken());
}

void TokensTest::store_persistsAcrossReopenAndDelete()
{
    QString adminBearer;
    QString viewerId;
    {
        auto store = TokenStore::open(path());
        QVERIFY(store.ok());
        auto admin = (*store)->create({Role::Admin, QString(), QStringLiteral("admin kubeconfig"), 0ms});
        auto viewer = (*store)->create({Role::Viewer, QString(), QStringLiteral("viewer"), 1h});
        QVERIFY(admin.ok() && viewer.ok());
        adminBearer = admin->bearer();
        viewerId = viewer->token.id;
    }
    auto reopened = TokenStore::open(path());
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
    QCOMPARE((*reopened)->list().size(), 2);
    QCOMPARE((*reopened)->list().first().description, QStringLiteral("admin kubeconfig")); // oldest first
    auto identity = (*reopened)->authenticate(adminBearer);
    QVERIFY(identity.ok());
    QCOMPARE(identity->role, Role::Admin);

    QVERIFY((*reopened)->remove(viewerId).ok());
    auto missing = (*reopened)->remove(viewerId);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code(), api::ErrorCode::NotFound);
    auto again = TokenStore::open(path());
    QVERIFY(again.ok());
    QCOMPARE((*again)->list().size(), 1);
    QVERIFY(!(*again)->find(viewerId));
}

void TokensTest::store_fileIsOwnerOnlyAndHoldsOnlyHashes()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    QVERIFY(!QFile::exists(path())); // created on the first change
    auto issued = (*store)->create({Role::Admin, QString(), QString(), 0ms});
    QVERIFY(issued.ok());
    auto node = (*store)->createNodeCredential(QStringLiteral("n1"));
    QVERIFY(node.ok());
    QCOMPARE(fileMode(path()), 0600);
    QFile file(path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(!contents.contains(issued->secret.toLatin1()));
    QVERIFY(!contents.contains(node->secret.toLatin1()));
    QVERIFY(contents.contains("sha256:" + issued->token.secretHash.toHex()));
    QVERIFY(contents.contains(issued->token.id.toLatin1()));
    QVERIFY(contents.contains("\"nodeName\": \"n1\""));
}

void TokensTest::store_tightensLooseFileModeOnOpen()
{
    {
        auto store = TokenStore::open(path());
        QVERIFY(store.ok());
        QVERIFY((*store)->create({Role::Admin, QString(), QString(), 0ms}).ok());
    }
    QVERIFY(QFile::setPermissions(path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QCOMPARE(fileMode(path()), 0604);
    QVERIFY(TokenStore::open(path()).ok());
    QCOMPARE(fileMode(path()), 0600);
}

void TokensTest::store_reportsCorruptFileWithItsName()
{
    const QList<QByteArray> corrupt{
        "not json",
        R"({"kind":"Something"})",
        R"({"kind":"TokenList","tokens":[{"id":"abcdef","secretHash":"sha256:00","role":"admin"}]})",
        R"({"kind":"TokenList","tokens":[{"id":"abcdef","secretHash":"sha256:0f80215ac4f6ccf1b6207a3f4e4fff075ce16cafd5e263bead85c2c1f61540bb","role":"root"}]})",
    };
    for (const QByteArray &text : corrupt) {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        file.close();
        auto store = TokenStore::open(path());
        QVERIFY2(!store.ok(), text.constData());
        QVERIFY2(store.errorMessage().startsWith(path()), qPrintable(store.errorMessage()));
    }
    auto store = TokenStore::open(path());
    QVERIFY(store.errorMessage().contains(QStringLiteral("tokens[0].role: unsupported value \"root\"")));
}

void TokensTest::create_validatesRoleNodeNameAndTtl()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    QVERIFY(!(*store)->create({Role::Anonymous, QString(), QString(), 0ms}).ok());
    QVERIFY(!(*store)->create({Role::Admin, QStringLiteral("n1"), QString(), 0ms}).ok());
    auto badName = (*store)->create({Role::Node, QStringLiteral("Bad_Name"), QString(), 0ms});
    QVERIFY(!badName.ok());
    QVERIFY2(badName.errorMessage().startsWith(QStringLiteral("nodeName: Invalid value: \"Bad_Name\"")),
             qPrintable(badName.errorMessage()));
    QVERIFY(!(*store)->create({Role::Viewer, QString(), QString(), -1ms}).ok());
    QVERIFY((*store)->list().isEmpty());
}

void TokensTest::removeExpired_dropsOnlyExpiredTokens()
{
    api::FakeClock clock;
    auto store = TokenStore::open(path(), clock);
    QVERIFY(store.ok());
    auto shortLived = (*store)->create({Role::Viewer, QString(), QString(), 1s});
    auto permanent = (*store)->create({Role::Viewer, QString(), QString(), 0ms});
    QVERIFY(shortLived.ok() && permanent.ok());
    QCOMPARE(*(*store)->removeExpired(), 0);
    clock.advanceMs(1000);
    QCOMPARE(*(*store)->removeExpired(), 1);
    QCOMPARE((*store)->list().size(), 1);
    QCOMPARE((*store)->list().first().id, permanent->token.id);
}

void TokensTest::nodeCredential_isRefusedWhileOneExistsUnlessReplaced()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto first = (*store)->createNodeCredential(QStringLiteral("n1"));
    QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
    QCOMPARE((*store)->authenticate(first->bearer())->userName, QStringLiteral("system:node:n1"));

    auto second = (*store)->createNodeCredential(QStringLiteral("n1"));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code(), api::ErrorCode::AlreadyExists);
    QVERIFY2(second.errorMessage().contains(first->token.id), qPrintable(second.errorMessage()));

    QVERIFY((*store)->createNodeCredential(QStringLiteral("n2")).ok()); // other nodes are independent
    auto replaced = (*store)->createNodeCredential(QStringLiteral("n1"), QString(), true);
    QVERIFY(replaced.ok());
    QVERIFY(!(*store)->authenticate(first->bearer()).ok());
    QVERIFY((*store)->authenticate(replaced->bearer()).ok());
    QCOMPARE((*store)->list().size(), 2);
}

void TokensTest::joinToken_parsesK10AndBareForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("caHash");
    QTest::addColumn<QString>("bearer");
    const QString bearer = QStringLiteral("abcdef.0123456789abcdef0123456789abcdef");
    QTest::newRow("k10") << QStringLiteral("K10") + kHash64 + QStringLiteral("::") + bearer << true << kHash64
                         << bearer;
    QTest::newRow("k10 upper-case hash") << QStringLiteral("K10") + kHash64.toUpper() + QStringLiteral("::") + bearer
                                         << true << kHash64 << bearer;
    QTest::newRow("surrounding space") << QStringLiteral("  K10") + kHash64 + QStringLiteral("::") + bearer +
                                              QStringLiteral("\n")
                                       << true << kHash64 << bearer;
    QTest::newRow("bare") << bearer << true << QString() << bearer;
    QTest::newRow("k3s 16-character secret")
        << QStringLiteral("abcdef.0123456789abcdef") << true << QString() << QStringLiteral("abcdef.0123456789abcdef");
    QTest::newRow("k3s server form") << QStringLiteral("K10") + kHash64 + QStringLiteral("::server:pw") << false
                                     << QString() << QString();
    QTest::newRow("short hash") << QStringLiteral("K10abc::") + bearer << false << QString() << QString();
    QTest::newRow("no separator") << QStringLiteral("K10") + kHash64 + bearer << false << QString() << QString();
    QTest::newRow("empty") << QString() << false << QString() << QString();
    QTest::newRow("short secret") << QStringLiteral("abcdef.0123") << false << QString() << QString();
}

void TokensTest::joinToken_parsesK10AndBareForms()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, caHash);
    QFETCH(QString, bearer);
    auto token = JoinToken::parse(text);
    QCOMPARE(token.ok(), valid);
    if (!valid) {
        QCOMPARE(token.error().code(), api::ErrorCode::BadRequest);
        return;
    }
    QCOMPARE(token->caHash, caHash);
    QCOMPARE(token->bearer(), bearer);
    QCOMPARE(JoinToken::parse(token->toString())->toString(), token->toString()); // round trip
}

void TokensTest::joinToken_errorsNeverQuoteTheToken()
{
    const QString secret = QStringLiteral("supersecretvalue0123456789");
    for (const QString &text :
         {QStringLiteral("abcdef:") + secret, QStringLiteral("K10") + kHash64 + QStringLiteral("::server:") + secret}) {
        auto token = JoinToken::parse(text);
        QVERIFY(!token.ok());
        QVERIFY2(!token.errorMessage().contains(secret), qPrintable(token.errorMessage()));
    }
    QVERIFY(JoinToken::parse(QStringLiteral("K10") + kHash64 + QStringLiteral("::server:x"))
                .errorMessage()
                .contains(QStringLiteral("node-token")));
}

void TokensTest::debugOutput_redactsSecrets()
{
    auto store = TokenStore::open(path());
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Node, QStringLiteral("n1"), QStringLiteral("desc"), 0ms});
    QVERIFY(issued.ok());
    const QString issuedText = debugText(*issued);
    QVERIFY2(!issuedText.contains(issued->secret), qPrintable(issuedText));
    QVERIFY(issuedText.contains(QStringLiteral("<redacted>")));
    QVERIFY(issuedText.contains(issued->token.id));

    const QString joinText = debugText(JoinToken::fromIssued(kHash64, *issued));
    QVERIFY2(!joinText.contains(issued->secret), qPrintable(joinText));
    QVERIFY(joinText.contains(kHash64));

    const QString tokenText = debugText(issued->token);
    QVERIFY(!tokenText.contains(QString::fromLatin1(issued->token.secretHash.toHex())));
    const QString identityText = debugText(*(*store)->authenticate(issued->bearer()));
    QVERIFY2(identityText.contains(QStringLiteral("system:node:n1")), qPrintable(identityText));
    QVERIFY(!identityText.contains(issued->secret));
}

void TokensTest::failedWrite_leavesStoreUnchanged()
{
    const QString blocked = m_dir->filePath(QStringLiteral("no-such-dir/tokens.json"));
    auto store = TokenStore::open(blocked);
    QVERIFY(store.ok());
    auto issued = (*store)->create({Role::Admin, QString(), QString(), 0ms});
    QVERIFY(!issued.ok());
    QVERIFY2(issued.errorMessage().contains(blocked), qPrintable(issued.errorMessage()));
    QVERIFY((*store)->list().isEmpty());
}

QTEST_GUILESS_MAIN(TokensTest)
#include "tst_tokens.moc"
