#pragma once

// What tests of unlucky systems share: running a program as an unprivileged user (root ignores
// permission bits) and a small filesystem that can be filled (disk full).

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <sys/mount.h>
#include <unistd.h>

namespace aftermath::test {

// The uid and gid of "nobody", which a root test drops to.
inline constexpr uid_t nobodyId = 65534;

inline bool runningAsRoot() { return geteuid() == 0; }

// Makes `process` run as "nobody" when the test runs as root, so that permission bits apply to
// it; a normal user's process keeps the user's rights. Exit code 99 means the drop failed.
inline void runUnprivileged(QProcess& process)
{
    if (!runningAsRoot())
        return;
    process.setChildProcessModifier([] {
        if (setgroups(0, nullptr) != 0 || setgid(nobodyId) != 0 || setuid(nobodyId) != 0)
            _exit(99);
    });
}

struct ProcessRun {
    int code = -1;
    QString out;
    QString err;
};

// Runs `program ARGS` (as "nobody" when `unprivileged` and the test is root) with `environment`
// added to the test's own, and waits up to `timeoutMs`.
inline ProcessRun runProgram(const QString& program, const QStringList& arguments, bool unprivileged = false,
    const QStringList& environment = {}, int timeoutMs = 120000)
{
    QProcess process;
    if (unprivileged)
        runUnprivileged(process);
    if (!environment.isEmpty()) {
        QStringList env = QProcess::systemEnvironment();
        env += environment;
        process.setEnvironment(env);
    }
    process.start(program, arguments);
    ProcessRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("timed out");
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// A tmpfs of `bytes` mounted on a fresh temporary folder, unmounted when destroyed. Mounting needs
// root: where it fails, `mounted()` is false and `why()` says why (tests SKIP with it).
class SmallFilesystem {
public:
    explicit SmallFilesystem(qint64 bytes)
    {
        if (!m_dir.isValid()) {
            m_why = QStringLiteral("no temporary folder");
            return;
        }
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0777";
        if (::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0, options.constData()) != 0) {
            m_why = QStringLiteral("cannot mount a small tmpfs here (%1); run the tests as root to include "
                                   "the disk-full cases")
                        .arg(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~SmallFilesystem()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    bool mounted() const { return m_mounted; }
    QString why() const { return m_why; }
    QString path() const { return m_dir.path(); }
    QString filePath(const QString& name) const { return QDir(m_dir.path()).filePath(name); }

    // Fills what is left of the filesystem with one file ("filler"), so the next write fails.
    bool fill() const
    {
        QFile filler(filePath(QStringLiteral("filler")));
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Append))
            return false;
        const QByteArray block(4096, 'x');
        while (filler.write(block) == block.size() && filler.flush()) {
        }
        // Whatever a partial block left is filled a byte at a time.
        while (filler.write("x", 1) == 1 && filler.flush()) {
        }
        return true;
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_why;
};

} // namespace aftermath::test
