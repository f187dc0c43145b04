# Build and publish the release notes
VERSION ?= 0.2.1
PYTHON := python3
SOURCES = $(wildcard content/*.md)
OUT := public

.PHONY: all clean publish

all: $(OUT)/index.html

$(OUT)/index.html: $(SOURCES) bulletin.yaml
	bulletin build -o $(OUT) --base-url "$(BASE_URL)"
	@echo "built $@ from $(words $^) files"

publish: all
	rsync -az --delete $(OUT)/ host:/srv/www/
	git tag -a v$(VERSION) -m 'Release $(VERSION)'

ifeq ($(CI),true)
  FLAGS += --strict
endif

clean:
	rm -rf $(OUT)
