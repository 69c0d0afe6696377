package inject

// testDetector is what these tests take from the default policy: the
// detector compiled from no operator phrases and the shipped model.
type testDetector struct{ detector *Detector }

func defaultDetector() (*testDetector, error) {
	m, err := DefaultModel()
	if err != nil {
		return nil, err
	}
	d, err := Compile(nil, m)
	if err != nil {
		return nil, err
	}
	return &testDetector{detector: d}, nil
}
