help doctor
