convert --compact
