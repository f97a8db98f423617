package cli

import (
	"os/exec"
	"syscall"
)

// dieWithTest makes a child process end with the test binary, so a test
// killed by its timeout leaves no server running.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
